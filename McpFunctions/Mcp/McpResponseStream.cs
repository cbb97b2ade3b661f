using System.Buffers;
using System.Text.Json;
using McpFunctions.JsonRpc;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The answer to one POST. It stays <c>application/json</c> unless the handler emits a notification (progress,
/// a log message) while the client accepts <c>text/event-stream</c>: then the response switches to SSE at the
/// first notification, so the client sees it live, and the final response is the stream's last event
/// (MCP transports: the server MAY answer a POST with either content type).
/// </summary>
// The semaphore never allocates a wait handle (only WaitAsync is used), so it needs no disposal.
#pragma warning disable CA1001
internal sealed class McpResponseStream(HttpContext context, bool clientAcceptsEventStream) : INotificationSink
{
    private static readonly byte[] EventPrefix = "event: message\ndata: "u8.ToArray();
    private static readonly byte[] EventSuffix = "\n\n"u8.ToArray();
    private readonly SemaphoreSlim _gate = new(1, 1);

    private bool _completed;

    public bool IsStreaming { get; private set; }

    public async Task SendAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        if (!clientAcceptsEventStream)
        {
            // A JSON-only client cannot receive notifications within a POST; dropping them is what the spec allows.
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The SDK reports progress without awaiting it; a notification that arrives after the final response
            // has nowhere to go (the client stops reading at the response), so it is dropped.
            if (_completed)
            {
                return;
            }

            if (!IsStreaming)
            {
                StartStreaming();
            }

            await WriteEventAsync(writer => JsonRpcWriter.WriteNotification(writer, notification), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the final answer: JSON with <paramref name="statusCode"/>, or the last SSE event(s) when streaming.</summary>
    public async Task CompleteAsync(IReadOnlyList<RpcOutcome> outcomes, bool isBatch, int statusCode)
    {
        var cancellationToken = context.RequestAborted;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _completed = true;
            if (IsStreaming)
            {
                foreach (var outcome in outcomes)
                {
                    await WriteEventAsync(writer => JsonRpcWriter.Write(writer, outcome), cancellationToken);
                }

                return;
            }

            // Written whole with its Content-Length rather than chunked: one write through the worker's Kestrel and
            // the host's forwarder instead of a chunk and a terminator, and clients learn the size up front.
            var body = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(body, JsonRpcWriter.WriterOptions))
            {
                WriteOutcomes(writer, outcomes, isBatch);
            }

            var response = context.Response;
            response.StatusCode = statusCode;
            response.ContentType = "application/json";
            response.Headers.CacheControl = "no-store";
            response.ContentLength = body.WrittenCount;
            await response.Body.WriteAsync(body.WrittenMemory, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void WriteOutcomes(Utf8JsonWriter writer, IReadOnlyList<RpcOutcome> outcomes, bool isBatch)
    {
        if (isBatch)
        {
            writer.WriteStartArray();
        }

        foreach (var outcome in outcomes)
        {
            JsonRpcWriter.Write(writer, outcome);
        }

        if (isBatch)
        {
            writer.WriteEndArray();
        }
    }

    private void StartStreaming()
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        // 2026-07-28 transports: SHOULD disable proxy buffering so events are not held back.
        response.Headers["X-Accel-Buffering"] = "no";
        IsStreaming = true;
    }

    private async Task WriteEventAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonRpcWriter.WriterOptions))
        {
            write(writer);
        }

        var body = context.Response.BodyWriter;
        body.Write(EventPrefix);
        body.Write(buffer.WrittenSpan);
        body.Write(EventSuffix);
        await body.FlushAsync(cancellationToken);
    }
}
#pragma warning restore CA1001
