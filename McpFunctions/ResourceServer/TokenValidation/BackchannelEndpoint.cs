using McpFunctions.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Where the introspection and userinfo calls go: a configured URL, else the authorization server's metadata,
/// allowed by <see cref="BackchannelUrlPolicy"/>. A failure says why, so that it becomes Unavailable (503), not 401.
/// </summary>
internal static class BackchannelEndpoint
{
    public static async Task<ResolvedEndpoint> ResolveAsync(
        string? configured,
        Func<OpenIdConnectConfiguration, string?> fromMetadata,
        string metadataName,
        string optionName,
        AuthorizationServerMetadata metadata,
        bool requireHttps,
        CancellationToken cancellationToken)
    {
        var address = configured;
        if (string.IsNullOrWhiteSpace(address))
        {
            if (!metadata.IsConfigured)
            {
                return new ResolvedEndpoint(null, $"{optionName} is not set and there is no Auth:Authority to discover {metadataName} from");
            }

            try
            {
                address = fromMetadata(await metadata.GetAsync(cancellationToken));
            }
            catch (InvalidOperationException exception)
            {
                return new ResolvedEndpoint(null, "authorization server metadata could not be loaded: " + exception.Message);
            }

            if (string.IsNullOrWhiteSpace(address))
            {
                return new ResolvedEndpoint(null, $"the authorization server's metadata has no {metadataName}; set {optionName}");
            }
        }

        return Uri.TryCreate(address, UriKind.Absolute, out var uri) && BackchannelUrlPolicy.IsAllowed(uri, requireHttps)
            ? new ResolvedEndpoint(uri, null)
            : new ResolvedEndpoint(null, $"{metadataName} '{address}' {BackchannelUrlPolicy.Requirement(requireHttps, "Auth:RequireHttpsMetadata")}");
    }

    internal readonly record struct ResolvedEndpoint(Uri? Uri, string? Failure);
}
