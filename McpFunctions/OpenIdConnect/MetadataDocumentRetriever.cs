using Microsoft.IdentityModel.Protocols;

namespace McpFunctions.OpenIdConnect;

/// <summary>
/// Fetches the metadata and JWKS documents for a configuration manager: applies <see cref="BackchannelUrlPolicy"/>
/// to every address, the <c>jwks_uri</c> named by the metadata included (HttpDocumentRetriever's own RequireHttps
/// switch is all or nothing, and relaxing it for a loopback test IdP must not allow http anywhere else), and takes a
/// fresh client from the factory for each fetch, since the manager lives as long as the app and a client held that
/// long would never see DNS changes. The named client carries the timeout and the size cap.
/// </summary>
internal sealed class MetadataDocumentRetriever(IHttpClientFactory httpClientFactory, ProviderMetadataSource source) : IDocumentRetriever
{
    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!BackchannelUrlPolicy.IsAllowed(address, source.RequireHttps))
        {
            throw new IOException(
                $"Refusing to fetch '{address}': {source.ProviderName} documents {BackchannelUrlPolicy.Requirement(source.RequireHttps, source.RequireHttpsSetting)}.");
        }

        var documents = new HttpDocumentRetriever(httpClientFactory.CreateClient(source.HttpClientName)) { RequireHttps = source.RequireHttps };
        return documents.GetDocumentAsync(address, cancel);
    }
}
