namespace McpFunctions.OAuthFacade.DataProtection;

/// <summary>How the façade's data-protection key ring is protected at rest (section <c>Facade:DataProtection</c>).</summary>
internal sealed class FacadeDataProtectionOptions
{
    public const string SectionName = "Facade:DataProtection";

    /// <summary>
    /// A certificate with its private key, as base64 PKCS#12 — the form in which Key Vault returns a certificate through
    /// a secret reference (<c>@Microsoft.KeyVault(SecretUri=https://&lt;vault&gt;.vault.azure.net/secrets/&lt;certificate-name&gt;)</c>).
    /// When set, every data-protection key is encrypted with it before it is written to storage; without it keys
    /// are written in clear to the key-ring table (default: unset).
    /// </summary>
    public string? Certificate { get; set; }
}
