using System.Text.Json;
using Azure;
using Azure.Core;

namespace McpFunctions.Storage;

/// <summary>
/// Reads the Table service's OData error body
/// (<c>{"odata.error":{"code":"...","message":{"lang":"en-US","value":"..."}}}</c>), which Azure.Core's
/// default parser does not know, so <see cref="RequestFailedException.ErrorCode"/> carries the service's
/// code (TableNotFound, EntityAlreadyExists, ...).
/// </summary>
internal sealed class TableErrorDetailsParser : RequestFailedDetailsParser
{
    public static TableErrorDetailsParser Instance { get; } = new();

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        ArgumentNullException.ThrowIfNull(response);
        data = null;
        var (code, message) = ReadError(response.Content);
        error = code is null && message is null ? null : new ResponseError(code, message);
        return error is not null;
    }

    /// <summary>The error code and message of an error body; both null when it is not an OData error.</summary>
    public static (string? Code, string? Message) ReadError(BinaryData? content)
    {
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("odata.error", out var odataError))
            {
                return (null, null);
            }

            var code = odataError.TryGetProperty("code", out var codeElement) ? codeElement.GetString() : null;
            string? message = null;
            if (odataError.TryGetProperty("message", out var messageElement))
            {
                message = messageElement.ValueKind == JsonValueKind.Object && messageElement.TryGetProperty("value", out var value)
                    ? value.GetString()
                    : messageElement.ValueKind == JsonValueKind.String ? messageElement.GetString() : null;
            }

            return (code, message);
        }
        catch (JsonException)
        {
            // An XML or HTML body (a proxy, or an old service version): no code to report.
            return (null, null);
        }
    }
}
