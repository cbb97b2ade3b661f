namespace McpFunctions.ResourceServer;

/// <summary>
/// Validates a bearer token presented to this resource server. Implementations: JWT via JWKS, RFC 7662
/// introspection, and the IdP's userinfo endpoint; a router picks one by the token's shape.
/// Never throws for a bad token: the outcome says Invalid. Unavailable means the authorization server could
/// not be asked (a temporary fault: answer 503, do not send the user through login again).
/// </summary>
internal interface ITokenValidator
{
    Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken);
}
