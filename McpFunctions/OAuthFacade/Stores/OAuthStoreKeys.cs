using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// How the OAuth tables are keyed. Every lookup the façade makes is by one known value (a client id, a hash of
/// a <c>state</c> or code, a grant id), so each of those is the PartitionKey and the RowKey is a constant naming
/// the row's kind: every read is a point read, and rows spread over all partition servers. The price is that a
/// purge deletes rows one request each, which the purge job's batch limit already assumes.
/// </summary>
internal static class OAuthStoreKeys
{
    public const string ClientRowKey = "client";
    public const string PendingAuthorizationRowKey = "pending";
    public const string CodeRowKey = "code";
    public const string GrantRowKey = "grant";

    /// <summary>
    /// The signing keys share one partition: there are a handful, the key ring lists them all at once
    /// (one partition query), and "the next generation" is one insert that two instances cannot both win.
    /// </summary>
    public const string SigningKeyPartition = "signing-keys";

    /// <summary>
    /// Client ids are hashed for the PartitionKey: a Client ID Metadata Document's id is an https URL, and
    /// <c>/</c>, <c>?</c> and <c>#</c> are not allowed in keys. The id itself is kept in a property.
    /// </summary>
    public static string ClientPartitionKey(string clientId) => OAuthSecrets.Hash(clientId);

    /// <summary>RowKeys of generated signing keys sort by generation (zero-padded), so the newest is last.</summary>
    public static string SigningKeyRowKey(long generation) =>
        "gen-" + generation.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A value that came from outside (hash of client input, a grant id from a refresh token) and can be a key.</summary>
    public static bool IsUsableKey(string? value) => !string.IsNullOrEmpty(value) && TableKeyValidation.IsValidKey(value);

    public static void ValidateKey(string? value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);
        TableKeyValidation.ValidateKey(value, parameterName);
    }
}
