using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>What both grant types end with: the scope narrowed as asked, and an access token for a grant.</summary>
internal sealed class TokenIssuance(IAccessTokenIssuer tokenIssuer, TimeProvider timeProvider)
{
    public async Task<TokenResponse> IssueAsync(GrantRecord grant, IReadOnlyList<string> scopes, string? refreshToken, CancellationToken cancellationToken)
    {
        var issued = await tokenIssuer.IssueAsync(
            new AccessTokenRequest(grant.Subject, grant.ClientId, scopes, grant.Resource, grant.GrantId, grant.ClaimsJson), cancellationToken);
        var expiresIn = (long)Math.Floor((issued.ExpiresAt - timeProvider.GetUtcNow()).TotalSeconds);
        return new TokenResponse
        {
            AccessToken = issued.Token,
            ExpiresIn = Math.Max(1, expiresIn),
            RefreshToken = refreshToken,
            Scope = FacadeScopes.Format(scopes),
        };
    }

    // RFC 6749 §6: a narrower scope may be asked for; anything beyond what was granted is refused.
    public static IReadOnlyList<string>? NarrowScopes(IFormCollection form, IReadOnlyList<string> granted, out OAuthError? error)
    {
        error = null;
        var requested = FacadeScopes.Parse(form[OAuthConstants.Parameters.Scope].ToString());
        if (requested is null)
        {
            return granted;
        }

        var beyond = requested.Where(s => !granted.Contains(s, StringComparer.Ordinal)).ToList();
        if (beyond.Count > 0)
        {
            error = OAuthError.InvalidScope($"The grant does not include {string.Join(' ', beyond)}; a token request can only narrow the scope.");
            return null;
        }

        return [.. granted.Where(requested.Contains)];
    }

    /// <summary>A <c>resource</c> the request sent, if any, is the one the grant is for (a trailing slash allowed).</summary>
    public static bool ResourceMatches(IFormCollection form, string grantedResource)
    {
        var resource = form[OAuthConstants.Parameters.Resource].ToString();
        return resource.Length == 0 || resource == grantedResource || resource == grantedResource + "/";
    }
}
