namespace McpDoctor.Findings;

/// <summary>The stages in the order a client meets them when it connects.</summary>
internal enum Stage
{
    Reachability,
    Discovery,
    Registration,
    Authorization,
    Transport,
    Cors,
    IdentityProvider,
}
