namespace McpFunctions.ResourceServer;

/// <summary>How requests are authenticated (DESIGN.md §4).</summary>
internal enum AuthMode
{
    /// <summary>No authentication: local development only; refused under the Functions host and outside Development.</summary>
    Disabled,

    /// <summary>Tokens are issued by an external authorization server (the first seed's Auth0) and validated here.</summary>
    External,

    /// <summary>This app is the authorization server its clients see and an OAuth client of an upstream IdP.</summary>
    Facade,
}
