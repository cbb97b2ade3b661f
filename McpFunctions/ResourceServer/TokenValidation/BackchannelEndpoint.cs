using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// The shared plumbing of the introspection and userinfo calls: where to send them (a configured URL,
/// else the authorization server's metadata) and how a reply becomes JSON or a failure that says why.
/// Faults reaching the IdP are failures, never exceptions, so that they become Unavailable (503), not 401.
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
            : new ResolvedEndpoint(null, $"{metadataName} '{address}' {BackchannelUrlPolicy.Requirement(requireHttps)}");
    }

    /// <summary>Sends the request and parses a 2xx JSON object reply; any other outcome is a described failure.</summary>
    public static async Task<JsonReply> SendForJsonAsync(IHttpClientFactory httpClientFactory, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(TokenValidationDefaults.HttpClientName);
        HttpResponseMessage response;
        try
        {
            // The default completion option buffers the body, bounded by the client's MaxResponseContentBufferSize.
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            return new JsonReply(null, null, $"request to {request.RequestUri} failed: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new JsonReply(null, null, $"request to {request.RequestUri} timed out after {client.Timeout.TotalSeconds:0.#} s");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return new JsonReply(null, status, $"request to {request.RequestUri} answered {status} {ReasonPhrase(response.StatusCode)}");
            }

            try
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return new JsonReply(document, status, null);
                }

                document.Dispose();
                return new JsonReply(null, status, $"request to {request.RequestUri} answered with JSON that is not an object");
            }
            catch (JsonException)
            {
                return new JsonReply(null, status, $"request to {request.RequestUri} answered with a body that is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})");
            }
            catch (HttpRequestException exception)
            {
                return new JsonReply(null, status, $"reading the answer of {request.RequestUri} failed: {exception.Message}");
            }
        }
    }

    private static string ReasonPhrase(HttpStatusCode status) => status.ToString();

    internal readonly record struct ResolvedEndpoint(Uri? Uri, string? Failure);

    /// <summary>Either a JSON object (dispose it) or a failure; <see cref="StatusCode"/> is set whenever the server answered.</summary>
    internal readonly record struct JsonReply(JsonDocument? Document, int? StatusCode, string? Failure);
}
