using System.Net;

namespace McpFunctions.Tests.Storage;

/// <summary>
/// A transport that answers every request with a fixed status and keeps the request, for tests of
/// what the client puts on the wire (authentication headers). Storage behaviour is tested against Azurite.
/// </summary>
internal sealed class RecordingHttpHandler(HttpStatusCode status = HttpStatusCode.NoContent) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request });
    }
}
