using System.Security.Claims;
using McpFunctions.ResourceServer;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// A stand-in for the narrow <see cref="ITokenValidator"/> port, for tests of what the transport does with a
/// validation outcome. Tokens read <c>subject.scopes</c>: <c>alice.rx</c> is alice with mcp:read (r) and
/// mcp:execute (x); <c>invalid</c> fails validation; <c>unavailable</c> is an IdP outage. Real validation is
/// tested against a real OpenID provider elsewhere.
/// </summary>
internal sealed class FakeTokenValidator : ITokenValidator
{
    private int _calls;

    public int Calls => _calls;

    public Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (token == "unavailable")
        {
            return Task.FromResult(TokenValidationResult.Unavailable("identity provider down"));
        }

        var parts = token.Split('.');
        if (parts.Length != 2 || parts[0].Length == 0)
        {
            return Task.FromResult(TokenValidationResult.Invalid("not a test token"));
        }

        var scopes = new HashSet<string>(StringComparer.Ordinal);
        if (parts[1].Contains('r', StringComparison.Ordinal))
        {
            scopes.Add("mcp:read");
        }

        if (parts[1].Contains('x', StringComparison.Ordinal))
        {
            scopes.Add("mcp:execute");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", parts[0])], "Bearer"));
        return Task.FromResult(TokenValidationResult.Valid(new ValidatedToken(parts[0], scopes, "test-client", DateTimeOffset.UtcNow.AddHours(1), principal, TokenValidationMethod.Jwks)));
    }
}
