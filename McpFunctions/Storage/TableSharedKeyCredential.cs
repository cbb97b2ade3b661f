using System.Security.Cryptography;
using System.Text;

namespace McpFunctions.Storage;

/// <summary>
/// A storage account name and its key, able to sign a string and nothing else: the key bytes never
/// leave this object, and <see cref="ToString"/> names only the account so it can be logged.
/// </summary>
internal sealed class TableSharedKeyCredential
{
    private readonly byte[] _key;

    /// <exception cref="FormatException">The key is not base64, which is how the portal and Azurite publish it.</exception>
    public TableSharedKeyCredential(string accountName, string base64AccountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(base64AccountKey);
        AccountName = accountName;
        _key = Convert.FromBase64String(base64AccountKey);
    }

    public string AccountName { get; }

    /// <summary>Base64 of HMAC-SHA256(key, UTF-8 string-to-sign), as every Shared Key scheme defines it.</summary>
    public string ComputeSignature(string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(stringToSign);
        return Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public override string ToString() => $"Shared Key for account '{AccountName}'";
}
