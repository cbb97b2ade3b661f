using System.Security.Claims;

namespace McpFunctions.ResourceServer;

/// <summary>A token that passed validation: who, what they may do, for which client, until when, and how we know.</summary>
internal sealed record ValidatedToken(
    string Subject,
    IReadOnlySet<string> Scopes,
    string? ClientId,
    DateTimeOffset? ExpiresAt,
    ClaimsPrincipal Principal,
    TokenValidationMethod Method);

/// <summary>How a token was validated, for logs and for the userinfo caveat.</summary>
internal enum TokenValidationMethod
{
    Jwks,
    Introspection,
    Userinfo,
}
