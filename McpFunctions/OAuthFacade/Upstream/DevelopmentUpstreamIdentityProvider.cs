using McpFunctions.Hosting;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OAuthFacade.Tokens;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// A stand-in identity provider for local runs: a plain page on this app where the developer types a name and
/// continues as that user — so <c>dotnet run</c> plus MCP Inspector completes the whole OAuth flow with no IdP.
/// Anyone reaching the page can be anyone, so <see cref="UpstreamOptionsValidator"/> refuses it under the
/// Functions host and outside the Development environment. It speaks the same protocol as the real thing
/// (state, nonce, PKCE S256, a code redeemed once) so the façade's callback runs its normal path.
/// </summary>
internal sealed class DevelopmentUpstreamIdentityProvider(PublicUrls publicUrls, FacadeProtector protector, TimeProvider timeProvider)
    : IUpstreamIdentityProvider
{
    public const string SubjectPrefix = "dev|";

    /// <summary>How long the development code is accepted.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(2);

    public string DisplayName => "the local development sign-in page";

    private string Issuer => publicUrls.ResolveBaseUri().GetLeftPart(UriPartial.Authority) + OAuthConstants.Paths.DevelopmentSignIn;

    public Task<UpstreamResult<Uri>> CreateAuthorizationUriAsync(UpstreamAuthorizationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = ClientRedirect.Build(Issuer,
        [
            new(OAuthConstants.Parameters.State, request.State),
            new(OAuthConstants.Parameters.Nonce, request.Nonce),
            new(OAuthConstants.Parameters.CodeChallenge, request.CodeChallenge),
        ]);
        return Task.FromResult(UpstreamResult<Uri>.Success(new Uri(uri)));
    }

    /// <summary>What the sign-in page's POST turns into: a protected code for the callback.</summary>
    public string IssueCode(string name, string nonce, string codeChallenge)
    {
        var code = new DevelopmentUpstreamCode { Subject = SubjectPrefix + name, Name = name, Nonce = nonce, CodeChallenge = codeChallenge };
        return ProtectedJson.Protect(protector, FacadeProtectionPurposes.State, code, FacadeJsonContext.Default.DevelopmentUpstreamCode, timeProvider.GetUtcNow() + CodeLifetime);
    }

    public Task<UpstreamResult<UpstreamIdentity>> RedeemAsync(UpstreamCodeRedemption redemption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        var code = ProtectedJson.TryUnprotect(protector, FacadeProtectionPurposes.State, redemption.Code, FacadeJsonContext.Default.DevelopmentUpstreamCode);
        if (code is null)
        {
            return Task.FromResult(Failed("the development code is not valid or has expired"));
        }

        if (!OAuthSecrets.FixedTimeEquals(code.Nonce, redemption.Nonce))
        {
            return Task.FromResult(Failed("the development code's nonce does not match"));
        }

        if (!Pkce.Verifies(redemption.CodeVerifier, code.CodeChallenge))
        {
            return Task.FromResult(Failed("the development code's PKCE verifier does not match"));
        }

        return Task.FromResult(UpstreamResult<UpstreamIdentity>.Success(new UpstreamIdentity(code.Subject, Issuer, code.Name, null, null)));
    }

    private static UpstreamResult<UpstreamIdentity> Failed(string reason) =>
        UpstreamResult<UpstreamIdentity>.Failure(OAuthError.ServerError("The development sign-in could not be completed."), reason);
}
