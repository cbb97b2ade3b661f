namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>RFC 7662 §2.1 request parameters.</summary>
internal static class IntrospectionParameters
{
    public const string Token = "token";

    public const string TokenTypeHint = "token_type_hint";

    /// <summary>RFC 7009 §2.1 token type hint value.</summary>
    public const string AccessToken = "access_token";
}
