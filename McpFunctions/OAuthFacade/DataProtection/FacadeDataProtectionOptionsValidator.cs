using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.DataProtection;

/// <summary>Refuses at start-up a <c>Facade:DataProtection:Certificate</c> that cannot encrypt and decrypt keys.</summary>
internal sealed class FacadeDataProtectionOptionsValidator : IValidateOptions<FacadeDataProtectionOptions>
{
    public ValidateOptionsResult Validate(string? name, FacadeDataProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Certificate))
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            using var certificate = Load(options.Certificate);
            return certificate.HasPrivateKey && certificate.GetRSAPublicKey() is not null
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Facade:DataProtection:Certificate must be an RSA certificate with its private key (PKCS#12, base64).");
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return ValidateOptionsResult.Fail("Facade:DataProtection:Certificate is not a base64 PKCS#12 certificate (a Key Vault certificate referenced as a secret is one).");
        }
    }

    /// <summary>Loads the certificate with its private key; exportable is not needed, the key only decrypts in-process.</summary>
    public static X509Certificate2 Load(string base64Pkcs12) =>
        X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64Pkcs12.Trim()), password: null);
}
