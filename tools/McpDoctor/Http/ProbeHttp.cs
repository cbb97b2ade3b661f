using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace McpDoctor.Http;

/// <summary>
/// Plain HttpClient calls with the doctor's bounds: a timeout per request (headers and body), a size cap on the body,
/// redirects followed by hand up to a limit (each hop goes back through the token handler, so a redirect can never
/// carry the user's token elsewhere). Every failure becomes a <see cref="ProbeResponse.Error"/> in plain words.
/// </summary>
internal sealed class ProbeHttp : IDisposable
{
    private readonly HttpMessageInvoker _invoker;

    public ProbeHttp(Uri endpoint, TokenHolder tokens, ProbeLimits limits, HttpMessageHandler? inner = null)
    {
        Limits = limits;
        inner ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = limits.RequestTimeout,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _invoker = new HttpMessageInvoker(new EndpointOnlyAuthorizationHandler(endpoint, tokens) { InnerHandler = inner });
    }

    public ProbeLimits Limits { get; }

    public async Task<ProbeResponse> SendAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var current = request;
        for (var hop = 0; ; hop++)
        {
            var response = await SendOnceAsync(current, cancellationToken);
            var location = response.Header("Location");
            if (!request.FollowRedirects || response.Error is not null || response.Status is not (301 or 302 or 303 or 307 or 308) || location is null)
            {
                return response;
            }

            if (hop >= Limits.MaxRedirects)
            {
                return ProbeResponse.Failed($"more than {Limits.MaxRedirects} redirects (a redirect loop?), last to {location}", current.Url);
            }

            if (!Uri.TryCreate(current.Url, location, out var next) || next.Scheme is not ("http" or "https"))
            {
                return ProbeResponse.Failed($"HTTP {response.Status} redirect to an unusable Location '{location}'", current.Url);
            }

            // RFC 9110 §15.4: 307/308 keep the method and body; the others become a GET.
            current = response.Status is 307 or 308 ? current with { Url = next } : current with { Url = next, Method = HttpMethod.Get, Body = null };
        }
    }

    private async Task<ProbeResponse> SendOnceAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limits.RequestTimeout);
        using var message = new HttpRequestMessage(request.Method, request.Url);
        message.Options.Set(EndpointOnlyAuthorizationHandler.AuthenticateKey, request.Authenticate);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await _invoker.SendAsync(message, timeout.Token);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + string.Join(", ", values) : string.Join(", ", values);
            }

            var status = (int)response.StatusCode;
            if (request.HeadersOnly || request.Method == HttpMethod.Head)
            {
                return new ProbeResponse { Status = status, Headers = headers, FinalUrl = request.Url };
            }

            var (body, tooLarge) = await ReadCappedAsync(response.Content, timeout.Token);
            if (tooLarge)
            {
                return new ProbeResponse
                {
                    Status = status,
                    Headers = headers,
                    FinalUrl = request.Url,
                    Error = $"HTTP {status} with a body larger than {Limits.MaxBodyBytes / 1024} KiB (cut off; a metadata or JSON-RPC answer is never this large)",
                };
            }

            return new ProbeResponse { Status = status, Headers = headers, Body = body, FinalUrl = request.Url };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResponse.Failed($"no complete answer within {Limits.RequestTimeout.TotalSeconds:0.#} s from {request.Url.GetLeftPart(UriPartial.Path)}", request.Url);
        }
        catch (OperationCanceledException)
        {
            return ProbeResponse.Failed("the doctor's overall time budget ran out", request.Url);
        }
        catch (HttpRequestException e)
        {
            return ProbeResponse.Failed(Explain(e, request.Url), request.Url);
        }
        catch (IOException e)
        {
            return ProbeResponse.Failed($"the connection broke while reading the answer ({e.GetType().Name})", request.Url);
        }
    }

    private async Task<(string Body, bool TooLarge)> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        using var collected = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (collected.Length + read > Limits.MaxBodyBytes)
            {
                return ("", true);
            }

            collected.Write(buffer, 0, read);
        }

        return (Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length), false);
    }

    private static string Explain(HttpRequestException e, Uri url)
    {
        var host = url.Authority;
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException:
                    return $"TLS handshake with {host} failed: the certificate is not valid for this host, expired or not trusted";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return $"the name {url.Host} does not resolve (DNS)";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"{host} refused the connection (nothing listens there)";
                case SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable } s:
                    return $"{host} is unreachable ({s.SocketErrorCode})";
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => $"TLS handshake with {host} failed",
            HttpRequestError.NameResolutionError => $"the name {url.Host} does not resolve (DNS)",
            HttpRequestError.ConnectionError => $"could not connect to {host}",
            HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded => $"{host} sent something that is not a valid HTTP answer",
            _ => $"the request to {host} failed ({e.HttpRequestError})",
        };
    }

    public void Dispose() => _invoker.Dispose();
}
