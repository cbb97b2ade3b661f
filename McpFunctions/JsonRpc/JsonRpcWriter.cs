using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpFunctions.JsonRpc;

/// <summary>Writes JSON-RPC response and error objects with a <see cref="Utf8JsonWriter"/>.</summary>
internal static class JsonRpcWriter
{
    /// <summary>
    /// Responses are application/json, never HTML, so quotes and non-ASCII text need no \uXXXX escaping
    /// (the default encoder's escaping would also inflate every tool result that embeds JSON text).
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter writer, RpcOutcome outcome)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonRpcConstants.JsonRpc, JsonRpcConstants.Version);
        WriteId(writer, outcome.Id);
        if (outcome.Error is { } error)
        {
            writer.WritePropertyName(JsonRpcConstants.Error);
            WriteError(writer, error);
        }
        else
        {
            writer.WritePropertyName(JsonRpcConstants.Result);
            JsonSerializer.Serialize(writer, outcome.Result, outcome.ResultType!);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a JSON-RPC notification (used for progress and log messages on an SSE stream).</summary>
    public static void WriteNotification(Utf8JsonWriter writer, JsonRpcNotification notification)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonRpcConstants.JsonRpc, JsonRpcConstants.Version);
        writer.WriteString(JsonRpcConstants.Method, notification.Method);
        if (notification.Params is not null)
        {
            writer.WritePropertyName(JsonRpcConstants.Params);
            notification.Params.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter writer, RpcError error)
    {
        writer.WriteStartObject();
        writer.WriteNumber(JsonRpcConstants.Code, error.Code);
        writer.WriteString(JsonRpcConstants.Message, error.Message);
        if (error.Data is not null)
        {
            writer.WritePropertyName(JsonRpcConstants.Data);
            error.Data.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    // JSON-RPC 2.0 §5: an error for a request whose id could not be read carries "id": null.
    private static void WriteId(Utf8JsonWriter writer, RequestId? id)
    {
        switch (id?.Id)
        {
            case string text:
                writer.WriteString(JsonRpcConstants.Id, text);
                break;
            case long number:
                writer.WriteNumber(JsonRpcConstants.Id, number);
                break;
            default:
                writer.WriteNull(JsonRpcConstants.Id);
                break;
        }
    }
}
