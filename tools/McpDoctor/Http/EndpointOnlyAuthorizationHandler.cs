using System.Net.Http.Headers;

namespace McpDoctor.Http;

/// <summary>
/// The one place the user's token is attached: only to a request for exactly the MCP endpoint URL the user named
/// (scheme, host, port and path), and only when the check asked for it. Every other request — protected-resource
/// and authorization-server metadata, registration, token endpoints, redirect targets — leaves with no
/// Authorization header at all, whatever set one. A discovered URL is attacker-controlled input (RFC 9728 §7.3:
/// a resource must not be trusted to name where tokens go).
/// </summary>
internal sealed class EndpointOnlyAuthorizationHandler(Uri endpoint, TokenHolder tokens) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<bool> AuthenticateKey = new("mcp-doctor.authenticate");

    private readonly string _endpoint = endpoint.GetLeftPart(UriPartial.Path);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        var wanted = request.Options.TryGetValue(AuthenticateKey, out var authenticate) && authenticate;
        var token = tokens.AccessToken;
        if (wanted && token is not null && IsEndpoint(request.RequestUri))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private bool IsEndpoint(Uri? url) =>
        url is not null && string.Equals(url.GetLeftPart(UriPartial.Path), _endpoint, StringComparison.Ordinal);
}
