using Microsoft.IdentityModel.Protocols;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Fetches the metadata and JWKS documents for the metadata manager: applies <see cref="BackchannelUrlPolicy"/>
/// to every address, the <c>jwks_uri</c> named by the metadata included (HttpDocumentRetriever's own
/// RequireHttps switch is all or nothing, and relaxing it for a loopback test IdP must not allow http
/// anywhere else), and takes a fresh client from the factory for each fetch, since the manager lives as
/// long as the app and a client held that long would never see DNS changes.
/// </summary>
internal sealed class BackchannelDocumentRetriever(IHttpClientFactory httpClientFactory, bool requireHttps) : IDocumentRetriever
{
    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!BackchannelUrlPolicy.IsAllowed(address, requireHttps))
        {
            throw new IOException($"Refusing to fetch '{address}': authorization server documents {BackchannelUrlPolicy.Requirement(requireHttps)}.");
        }

        var documents = new HttpDocumentRetriever(httpClientFactory.CreateClient(TokenValidationDefaults.HttpClientName)) { RequireHttps = requireHttps };
        return documents.GetDocumentAsync(address, cancel);
    }
}
