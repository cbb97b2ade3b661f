using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace McpFunctions.Storage;

/// <summary>
/// Signs each attempt of a request with the Table service's Shared Key Lite scheme
/// (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key#shared-key-lite-and-table-service-format-for-2009-09-19-and-later).
/// It is a per-retry policy because every attempt needs a fresh <c>x-ms-date</c>: the service refuses
/// requests whose date is more than 15 minutes off. The date comes from <see cref="TimeProvider"/>,
/// not the wall clock, so it can be controlled in tests.
/// </summary>
internal sealed class TableSharedKeyLitePolicy(TableSharedKeyCredential credential, TimeProvider timeProvider)
    : HttpPipelineSynchronousPolicy
{
    private const string Scheme = "SharedKeyLite";

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);

        // RFC 1123 ("R"): the format the service documents for x-ms-date.
        var date = timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue(TableHeaderNames.Date, date);

        var stringToSign = BuildStringToSign(date, credential.AccountName, message.Request.Uri.ToUri());
        var signature = credential.ComputeSignature(stringToSign);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, $"{Scheme} {credential.AccountName}:{signature}");
    }

    /// <summary>
    /// Table Shared Key Lite: <c>StringToSign = x-ms-date + "\n" + CanonicalizedResource</c>, where the
    /// resource is <c>/{account}{encoded URI path}</c> followed by <c>?comp=value</c> when the request
    /// has a <c>comp</c> parameter, and no other query parameter. With path-style endpoints (Azurite)
    /// the account appears twice, because the path itself starts with it.
    /// </summary>
    internal static string BuildStringToSign(string date, string accountName, Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);

        var builder = new StringBuilder(date.Length + accountName.Length + requestUri.AbsolutePath.Length + 16);
        builder.Append(date).Append('\n');
        builder.Append('/').Append(accountName);
        builder.Append(requestUri.AbsolutePath.Length > 0 ? requestUri.AbsolutePath : "/");

        var comp = FindCompParameter(requestUri.Query);
        if (comp is not null)
        {
            builder.Append("?comp=").Append(comp);
        }

        return builder.ToString();
    }

    private static string? FindCompParameter(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? pair : pair[..separator];
            if (string.Equals(name, "comp", StringComparison.OrdinalIgnoreCase))
            {
                return separator < 0 ? string.Empty : pair[(separator + 1)..];
            }
        }

        return null;
    }
}
