using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace McpFunctions.Storage;

/// <summary>
/// The multipart/mixed body of an entity group transaction and the reading of its answer
/// (https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions):
/// one batch part holding one changeset, each operation an embedded HTTP request with an absolute URL.
/// </summary>
internal static partial class TableBatchContent
{
    /// <summary>Builds a changeset of conditional deletes; each item is an entity URL and its If-Match value.</summary>
    public static (BinaryData Content, string ContentType) CreateDeletes(IReadOnlyList<(string EntityUrl, string IfMatch)> deletes)
    {
        var batchBoundary = $"batch_{Guid.NewGuid():N}";
        var changesetBoundary = $"changeset_{Guid.NewGuid():N}";

        // The wire format is HTTP: lines end with CRLF, and a blank line ends each header block.
        var body = new StringBuilder();
        body.Append("--").Append(batchBoundary).Append("\r\n");
        body.Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append("\r\n\r\n");
        foreach (var (entityUrl, ifMatch) in deletes)
        {
            body.Append("--").Append(changesetBoundary).Append("\r\n");
            body.Append("Content-Type: application/http\r\n");
            body.Append("Content-Transfer-Encoding: binary\r\n\r\n");
            body.Append("DELETE ").Append(entityUrl).Append(" HTTP/1.1\r\n");
            body.Append(TableHeaderNames.IfMatch).Append(": ").Append(ifMatch).Append("\r\n");
            body.Append("Accept: ").Append(TableStorageDefaults.AcceptJson).Append("\r\n");
            body.Append(TableHeaderNames.DataServiceVersion).Append(": ").Append(TableStorageDefaults.DataServiceVersion).Append("\r\n\r\n");
        }

        body.Append("--").Append(changesetBoundary).Append("--\r\n");
        body.Append("--").Append(batchBoundary).Append("--\r\n");
        return (BinaryData.FromString(body.ToString()), $"multipart/mixed; boundary={batchBoundary}");
    }

    /// <summary>
    /// Reads the embedded responses. The service answers 202 for the batch itself; a failed changeset
    /// holds a single response with the failing status, and its message starts with the index of the
    /// failing operation ("1:The specified resource does not exist.").
    /// </summary>
    public static BatchResponse Read(BinaryData content)
    {
        var text = content.ToString();
        var statuses = StatusLinePattern().Matches(text);
        foreach (Match status in statuses)
        {
            var code = int.Parse(status.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            if (code is >= 200 and < 300)
            {
                continue;
            }

            var rest = text.AsSpan(status.Index).ToString();
            var index = FailedIndexPattern().Match(rest);
            var errorCode = ErrorCodePattern().Match(rest);
            return new BatchResponse(
                statuses.Count,
                code,
                index.Success ? int.Parse(index.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null,
                errorCode.Success ? errorCode.Groups[1].Value : null);
        }

        return new BatchResponse(statuses.Count, null, null, null);
    }

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex StatusLinePattern();

    [GeneratedRegex(@"""value""\s*:\s*""(\d+):", RegexOptions.CultureInvariant)]
    private static partial Regex FailedIndexPattern();

    [GeneratedRegex(@"""code""\s*:\s*""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorCodePattern();

    /// <param name="ResponseCount">How many embedded responses there were.</param>
    /// <param name="FailedStatus">The first non-2xx embedded status; null when every operation succeeded.</param>
    internal readonly record struct BatchResponse(int ResponseCount, int? FailedStatus, int? FailedIndex, string? ErrorCode);
}
