using McpFunctions.ResourceServer.TokenValidation;
using Microsoft.IdentityModel.Protocols;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// Fetches the upstream provider's discovery document and JWKS: <see cref="BackchannelUrlPolicy"/> on every address
/// (the <c>jwks_uri</c> the metadata names included; plain http only on loopback with RequireHttpsMetadata=false),
/// a fresh client from the factory for each fetch (the configuration manager lives as long as the app).
/// </summary>
internal sealed class UpstreamDocumentRetriever(IHttpClientFactory httpClientFactory, bool requireHttps) : IDocumentRetriever
{
    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!BackchannelUrlPolicy.IsAllowed(address, requireHttps))
        {
            throw new IOException($"Refusing to fetch '{address}': upstream provider documents {BackchannelUrlPolicy.Requirement(requireHttps)}.");
        }

        var documents = new HttpDocumentRetriever(httpClientFactory.CreateClient(UpstreamDefaults.HttpClientName)) { RequireHttps = requireHttps };
        return documents.GetDocumentAsync(address, cancel);
    }
}
