using System.Text.Json;
using McpFunctions.JsonRpc;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The transport's single error writer: every rejection (400/403/404/405/406/413/415/503) leaves
/// through here as a status, its headers, and a JSON-RPC error body that echoes the request id when known.
/// </summary>
internal static class McpErrorWriter
{
    public static async Task WriteAsync(HttpContext context, McpHttpError error, RequestId? id = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-store";
        if (error.Headers is not null)
        {
            foreach (var (name, value) in error.Headers)
            {
                response.Headers.Append(name, value);
            }
        }

        if (context.Request.Method == HttpMethods.Head)
        {
            return;
        }

        await using var writer = new Utf8JsonWriter(response.BodyWriter, JsonRpcWriter.WriterOptions);
        JsonRpcWriter.Write(writer, RpcOutcome.Failure(id, error.Error));
        await writer.FlushAsync(context.RequestAborted);
    }
}
