using System.Buffers;
using System.IO.Pipelines;

namespace McpFunctions.Mcp;

/// <summary>Reads a POST body up to a limit without trusting Content-Length (chunked bodies have none).</summary>
internal static class RequestBodyReader
{
    /// <summary>The body, or null when it is larger than <paramref name="limit"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        PipeReader reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            // Nothing consumed yet: ask for more while keeping what was read.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
