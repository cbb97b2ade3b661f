using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace McpFunctions.OAuthFacade.DataProtection;

/// <summary>
/// Encrypts and authenticates the values the façade keeps in storage or sends through the browser, with the
/// data-protection key ring every instance shares (so the instance serving the callback can read what another
/// instance protected at <c>/authorize</c>). Output is base64url: safe in URLs, cookies and table properties.
/// </summary>
internal sealed class FacadeProtector(IDataProtectionProvider provider, TimeProvider timeProvider)
{
    private readonly IDataProtector _root = provider.CreateProtector(FacadeDataProtectionDefaults.RootPurpose);

    public string Protect(string purpose, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return For(purpose).Protect(plaintext);
    }

    /// <summary>False when the value was not protected for <paramref name="purpose"/> by this key ring, or was altered.</summary>
    public bool TryUnprotect(string purpose, string? protectedValue, out string plaintext)
    {
        var protector = For(purpose);
        plaintext = string.Empty;
        if (string.IsNullOrEmpty(protectedValue))
        {
            return false;
        }

        try
        {
            plaintext = protector.Unprotect(protectedValue);
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Protects a value that stops being accepted at <paramref name="expiresAt"/>, judged by the injected clock
    /// (Data Protection's own time-limited protector reads the system clock). Used for cookies and <c>state</c>.
    /// </summary>
    public string ProtectUntil(string purpose, string plaintext, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var text = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[sizeof(long) + text.Length];
        BinaryPrimitives.WriteInt64BigEndian(payload, expiresAt.ToUnixTimeMilliseconds());
        text.CopyTo(payload, sizeof(long));
        return Base64UrlText(For(purpose).CreateProtector(FacadeDataProtectionDefaults.ExpiringPurpose).Protect(payload));
    }

    /// <summary>False when not protected by <see cref="ProtectUntil"/> for <paramref name="purpose"/>, altered, or expired.</summary>
    public bool TryUnprotectUnexpired(string purpose, string? protectedValue, out string plaintext)
    {
        var protector = For(purpose).CreateProtector(FacadeDataProtectionDefaults.ExpiringPurpose);
        plaintext = string.Empty;
        if (string.IsNullOrEmpty(protectedValue))
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = protector.Unprotect(System.Buffers.Text.Base64Url.DecodeFromChars(protectedValue));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }

        if (payload.Length < sizeof(long))
        {
            return false;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload));
        if (timeProvider.GetUtcNow() >= expiresAt)
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(payload, sizeof(long), payload.Length - sizeof(long));
        return true;
    }

    private IDataProtector For(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        if (!FacadeProtectionPurposes.All.Contains(purpose))
        {
            // A typo in a purpose would silently make values unreadable elsewhere; refuse it where it is written.
            throw new ArgumentException($"'{purpose}' is not one of the façade's protection purposes ({string.Join(", ", FacadeProtectionPurposes.All)}).", nameof(purpose));
        }

        return _root.CreateProtector(purpose);
    }

    private static string Base64UrlText(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
