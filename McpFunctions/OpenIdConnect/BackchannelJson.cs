using System.Text.Json;

namespace McpFunctions.OpenIdConnect;

/// <summary>
/// JSON over HTTP to an identity provider (token, introspection, userinfo): sends on a named client — whose timeout
/// and response size cap <see cref="BackchannelHttpClientExtensions.AddBackchannelHttpClient"/> set — and turns every
/// outcome into a <see cref="JsonReply"/>. Faults reaching the provider are failures, never exceptions, so callers can
/// answer 503 or an OAuth error instead of a 500; the failure text is for operators' logs, never for clients.
/// </summary>
internal static class BackchannelJson
{
    public static async Task<JsonReply> SendAsync(IHttpClientFactory httpClientFactory, string httpClientName, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(request);
        var client = httpClientFactory.CreateClient(httpClientName);
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
            return await ReadAsync(request.RequestUri, response, cancellationToken);
        }
    }

    // An error answer's JSON object is kept (a token endpoint's error and error_description say what went wrong).
    private static async Task<JsonReply> ReadAsync(Uri? address, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var refused = response.IsSuccessStatusCode ? null : $"request to {address} answered {status} {response.StatusCode}";
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return new JsonReply(document, status, refused);
            }

            document.Dispose();
            return new JsonReply(null, status, refused ?? $"request to {address} answered with JSON that is not an object");
        }
        catch (JsonException)
        {
            return new JsonReply(null, status, refused ?? $"request to {address} answered with a body that is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})");
        }
        catch (HttpRequestException exception)
        {
            return new JsonReply(null, status, refused ?? $"reading the answer of {address} failed: {exception.Message}");
        }
    }
}

/// <summary>
/// The outcome of <see cref="BackchannelJson.SendAsync"/>: <see cref="Failure"/> is null exactly when the provider
/// answered 2xx with a JSON object. <see cref="StatusCode"/> is set whenever it answered; <see cref="Document"/> holds
/// any JSON object it answered with, an error answer's included. Dispose it.
/// </summary>
internal readonly record struct JsonReply(JsonDocument? Document, int? StatusCode, string? Failure) : IDisposable
{
    /// <summary>No answer, or a 5xx: the provider may answer later, so a caller should not treat it as a refusal.</summary>
    public bool IsTransient => StatusCode is null or >= 500;

    public void Dispose() => Document?.Dispose();
}
