using Microsoft.IdentityModel.Protocols;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Applies <see cref="BackchannelUrlPolicy"/> to every document the metadata manager fetches, the
/// <c>jwks_uri</c> named by the metadata included: HttpDocumentRetriever's own RequireHttps switch is
/// all or nothing, and turning it off for a loopback test IdP must not allow http anywhere else.
/// </summary>
internal sealed class BackchannelDocumentRetriever(IDocumentRetriever inner, bool requireHttps) : IDocumentRetriever
{
    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!BackchannelUrlPolicy.IsAllowed(address, requireHttps))
        {
            throw new IOException($"Refusing to fetch '{address}': authorization server documents {BackchannelUrlPolicy.Requirement(requireHttps)}.");
        }

        return inner.GetDocumentAsync(address, cancel);
    }
}
