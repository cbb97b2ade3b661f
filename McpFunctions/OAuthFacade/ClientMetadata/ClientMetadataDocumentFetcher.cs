using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using McpFunctions.Hosting;
using McpFunctions.OAuthFacade.Endpoints;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// Fetches and validates one Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document §4–5, §8).
/// </summary>
/// <remarks>
/// Checks, in order: the address is public (in the connect callback, after our own DNS resolution) → the answer
/// arrives within <see cref="ClientMetadataDocumentOptions.Timeout"/> → it is 200, not a redirect (redirects are
/// never followed) → it is at most <see cref="ClientMetadataDocumentOptions.MaxBytes"/> → it is a JSON object →
/// its <c>client_id</c> equals the URL exactly → its metadata passes <see cref="ClientMetadataRules"/> with
/// <c>none</c> as the only authentication method. Kept per <c>Cache-Control: max-age</c>, clamped to
/// [<see cref="MinCacheDuration"/>, <see cref="ClientMetadataDocumentOptions.MaxCacheDuration"/>].
/// </remarks>
internal sealed class ClientMetadataDocumentFetcher(IHttpClientFactory httpClientFactory, IOptions<FacadeOptions> options, TimeProvider timeProvider)
{
    public const string HttpClientName = "facade-client-metadata";

    /// <summary>Shortest time a document is kept, whatever its headers say (also the default without <c>max-age</c>).</summary>
    public static readonly TimeSpan MinCacheDuration = TimeSpan.FromMinutes(5);

    private readonly ClientMetadataDocumentOptions _options = options.Value.ClientMetadataDocuments;

    public async Task<ClientMetadataFetchResult> FetchAsync(string clientId, Uri documentUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(documentUrl);
        using var timeout = new CancellationTokenSource(_options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, FetchUrl(documentUrl));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                return ClientMetadataFetchResult.NotServed($"the document URL answered {status} (a redirect); redirects are not followed");
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return status >= 500
                    ? ClientMetadataFetchResult.Unavailable($"the document URL answered {status}")
                    : ClientMetadataFetchResult.NotServed($"the document URL answered {status}");
            }

            if (response.Content.Headers.ContentLength > _options.MaxBytes)
            {
                return ClientMetadataFetchResult.Refused($"the document is larger than {_options.MaxBytes} bytes");
            }

            var body = await ReadCappedAsync(response.Content, linked.Token);
            if (body is null)
            {
                return ClientMetadataFetchResult.Refused($"the document is larger than {_options.MaxBytes} bytes");
            }

            return Validate(clientId, body, CacheDuration(response.Headers.CacheControl));
        }
        catch (HttpRequestException exception) when (Find<AddressNotAllowedException>(exception) is { } refused)
        {
            return ClientMetadataFetchResult.NotServed(refused.Message);
        }
        catch (HttpRequestException exception)
        {
            return ClientMetadataFetchResult.Unavailable("the document could not be fetched: " + exception.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ClientMetadataFetchResult.Unavailable($"the document did not arrive within {_options.Timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// The URL actually fetched. With <see cref="ClientMetadataDocumentOptions.AllowLoopbackHostsForTesting"/> a loopback
    /// client id is fetched over plain http: a test's document server has no certificate anyone trusts, while MCP
    /// clients (the TypeScript SDK among them) only present https client ids. Off by default and never for other hosts.
    /// </summary>
    public Uri FetchUrl(Uri documentUrl)
    {
        ArgumentNullException.ThrowIfNull(documentUrl);
        return _options.AllowLoopbackHostsForTesting && RedirectUriPolicy.IsLoopbackHost(documentUrl)
            ? new UriBuilder(documentUrl) { Scheme = Uri.UriSchemeHttp, Port = documentUrl.Port }.Uri
            : documentUrl;
    }

    private static ClientMetadataFetchResult Validate(string clientId, byte[] body, TimeSpan cacheFor)
    {
        ClientMetadataDocument? document;
        var problem = JsonInputValidator.Validate(body);
        if (problem != JsonInputProblem.None)
        {
            return ClientMetadataFetchResult.Refused("the document is not valid client metadata JSON: " + JsonInputValidator.Describe(problem));
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ClientMetadataFetchResult.Refused("the document is not a JSON object");
            }

            document = json.RootElement.Deserialize(FacadeJsonContext.Default.ClientMetadataDocument);
        }
        catch (JsonException)
        {
            return ClientMetadataFetchResult.Refused("the document is not valid client metadata JSON");
        }

        // §4.1: the document names itself; a document served for another id (or copied) is not this client.
        if (document?.ClientId is not { } documentClientId || !string.Equals(documentClientId, clientId, StringComparison.Ordinal))
        {
            return ClientMetadataFetchResult.Refused($"the document's client_id is '{document?.ClientId}', not the URL it was fetched from");
        }

        var metadata = ClientMetadataRules.Validate(document, policy: null, metadataDocument: true, out var error);
        return metadata is null
            ? ClientMetadataFetchResult.Refused("the document's metadata is not acceptable: " + error!.Description)
            : ClientMetadataFetchResult.Success(metadata, cacheFor);
    }

    private async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[_options.MaxBytes + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return buffer[..total];
            }

            total += read;
        }

        return null;
    }

    private TimeSpan CacheDuration(CacheControlHeaderValue? cacheControl)
    {
        var requested = cacheControl?.MaxAge ?? MinCacheDuration;
        var max = _options.MaxCacheDuration < MinCacheDuration ? MinCacheDuration : _options.MaxCacheDuration;
        return requested < MinCacheDuration ? MinCacheDuration : requested > max ? max : requested;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
