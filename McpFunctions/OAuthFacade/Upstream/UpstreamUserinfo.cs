using System.Net.Http.Headers;
using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>The provider's userinfo endpoint (OIDC Core §5.3), called once at sign-in when <c>Facade:Upstream:CallUserinfo</c> is on.</summary>
internal sealed class UpstreamUserinfo(IOptions<FacadeOptions> options, IHttpClientFactory httpClientFactory)
{
    private readonly UpstreamOptions _options = options.Value.Upstream;

    public async Task<UpstreamStep<UpstreamProfile>> GetAsync(
        OpenIdConnectConfiguration configuration, string? accessToken, string subject, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(configuration.UserInfoEndpoint) || accessToken is null)
        {
            return UpstreamStep<UpstreamProfile>.Failure("the provider has no userinfo_endpoint or issued no access token");
        }

        if (!BackchannelUrlPolicy.IsAllowed(configuration.UserInfoEndpoint, _options.RequireHttpsMetadata))
        {
            return UpstreamStep<UpstreamProfile>.Failure(
                $"userinfo_endpoint {BackchannelUrlPolicy.Requirement(_options.RequireHttpsMetadata, UpstreamDefaults.RequireHttpsSetting)}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, configuration.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var reply = await BackchannelJson.SendAsync(httpClientFactory, UpstreamDefaults.HttpClientName, request, cancellationToken);
        if (reply.Failure is not null)
        {
            return UpstreamStep<UpstreamProfile>.Failure(reply.Failure, reply.IsTransient);
        }

        // OIDC Core §5.3.2: the userinfo sub MUST equal the ID token's, or the response must not be used.
        var root = reply.Document!.RootElement;
        return JsonText.String(root, "sub") == subject
            ? UpstreamStep<UpstreamProfile>.Success(new UpstreamProfile(
                JsonText.String(root, "name") ?? JsonText.String(root, "preferred_username"), JsonText.String(root, "email")))
            : UpstreamStep<UpstreamProfile>.Failure("its sub differs from the ID token's");
    }
}
