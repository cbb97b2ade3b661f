namespace McpDoctor.Output;

/// <summary>Tokens and secrets are never printed: only their length and a four-character tail, enough to tell two apart.</summary>
internal static class Mask
{
    public static string Token(string token) =>
        token.Length <= 12 ? $"{token.Length} chars, masked" : $"{token.Length} chars, …{token[^4..]}";
}
