using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// Turns PKCS#8 PEM into <see cref="FacadeSigningKey"/>s and back: RSA (2048 bits or more) signs RS256, P-256 signs
/// ES256, anything else is refused with a message that says what to configure. The key id is the RFC 7638 JWK
/// thumbprint (SHA-256 over the required public members in lexicographic order, base64url).
/// </summary>
internal static class SigningKeyMaterial
{
    public const string Rs256 = SecurityAlgorithms.RsaSha256;
    public const string Es256 = SecurityAlgorithms.EcdsaSha256;

    private const string Pkcs8Label = "PRIVATE KEY";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Loads a PKCS#8 PEM private key. Also accepts the PEM with its line breaks written as <c>\n</c> (how some secret stores hand it over).</summary>
    /// <exception cref="InvalidOperationException">Not PKCS#8 PEM, an RSA key under 2048 bits, or an EC key not on P-256; the message says what to set.</exception>
    public static FacadeSigningKey FromPem(string pem, string setting = "Facade:SigningKey")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var text = pem.Contains('\n', StringComparison.Ordinal) ? pem : pem.Replace("\\n", "\n", StringComparison.Ordinal);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw Invalid(setting, "it is not PEM text");
        }

        var label = text[fields.Label];
        if (!string.Equals(label, Pkcs8Label, StringComparison.Ordinal))
        {
            throw Invalid(setting, $"its PEM label is '{label}', not '{Pkcs8Label}' (PKCS#8); convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`");
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(text[fields.Base64Data].ToString());
        }
        catch (FormatException)
        {
            throw Invalid(setting, "its PEM body is not base64");
        }

        return FromPkcs8(der, setting);
    }

    /// <summary>A new key: RSA 2048 (RS256), the algorithm every MCP client and JWT library verifies.</summary>
    public static (FacadeSigningKey Key, string Pkcs8Pem) Generate()
    {
        using var rsa = RSA.Create(FacadeTokenDefaults.MinimumRsaKeySize);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        return (FromPem(pem, "generated key"), pem);
    }

    /// <summary>RFC 7638 §3: SHA-256 of the required members, sorted, no whitespace, base64url.</summary>
    public static string Thumbprint(IEnumerable<KeyValuePair<string, string>> requiredMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in requiredMembers.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>A JWKS document (RFC 7517 §5) of the given keys' public halves.</summary>
    public static string JwksJson(IEnumerable<FacadeSigningKey> keys)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys)
            {
                writer.WriteStartObject();
                foreach (var (name, value) in key.PublicJwk)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static FacadeSigningKey FromPkcs8(byte[] der, string setting)
    {
        var algorithm = ReadAlgorithmOid(der, setting);
        try
        {
            return algorithm switch
            {
                "1.2.840.113549.1.1.1" => FromRsa(der, setting),
                "1.2.840.10045.2.1" => FromEcdsa(der, setting),
                _ => throw Invalid(setting, $"its key algorithm ({algorithm}) is neither RSA nor EC; use an RSA key of at least 2048 bits or a P-256 EC key"),
            };
        }
        catch (CryptographicException)
        {
            throw Invalid(setting, "its PKCS#8 body could not be read as a private key");
        }
    }

    private static FacadeSigningKey FromRsa(byte[] der, string setting)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(der, out _);
        if (rsa.KeySize < FacadeTokenDefaults.MinimumRsaKeySize)
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            throw Invalid(setting, $"its RSA key has {size} bits; RS256 needs at least {FacadeTokenDefaults.MinimumRsaKeySize} (RFC 7518 §3.3)");
        }

        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var n = Base64Url.EncodeToString(parameters.Modulus);
        var e = Base64Url.EncodeToString(parameters.Exponent);
        var keyId = Thumbprint([new("e", e), new("kty", "RSA"), new("n", n)]);
        return new FacadeSigningKey
        {
            KeyId = keyId,
            Algorithm = Rs256,
            PrivateKey = new RsaSecurityKey(rsa) { KeyId = keyId },
            PublicKey = new RsaSecurityKey(parameters) { KeyId = keyId },
            PublicJwk = [new("kty", "RSA"), new("use", "sig"), new("alg", Rs256), new("kid", keyId), new("n", n), new("e", e)],
        };
    }

    private static FacadeSigningKey FromEcdsa(byte[] der, string setting)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(der, out _);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        if (!IsP256(parameters.Curve))
        {
            var curve = parameters.Curve.Oid?.FriendlyName ?? parameters.Curve.Oid?.Value ?? "an explicit curve";
            ecdsa.Dispose();
            throw Invalid(setting, $"its EC key is on {curve}; ES256 needs P-256 (prime256v1)");
        }

        var x = Base64Url.EncodeToString(parameters.Q.X);
        var y = Base64Url.EncodeToString(parameters.Q.Y);
        var keyId = Thumbprint([new("crv", "P-256"), new("kty", "EC"), new("x", x), new("y", y)]);
        return new FacadeSigningKey
        {
            KeyId = keyId,
            Algorithm = Es256,
            PrivateKey = new ECDsaSecurityKey(ecdsa) { KeyId = keyId },
            PublicKey = new ECDsaSecurityKey(ECDsa.Create(parameters)) { KeyId = keyId },
            PublicJwk = [new("kty", "EC"), new("use", "sig"), new("alg", Es256), new("kid", keyId), new("crv", "P-256"), new("x", x), new("y", y)],
        };
    }

    private static bool IsP256(ECCurve curve) =>
        curve.IsNamed
        && (string.Equals(curve.Oid.Value, P256Oid, StringComparison.Ordinal)
            || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1");

    // PKCS#8 PrivateKeyInfo (RFC 5208 §5): SEQUENCE { version INTEGER, AlgorithmIdentifier SEQUENCE { OID, ... }, ... }.
    private static string ReadAlgorithmOid(byte[] der, string setting)
    {
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER);
            var privateKeyInfo = reader.ReadSequence();
            privateKeyInfo.ReadInteger();
            var algorithmIdentifier = privateKeyInfo.ReadSequence();
            return algorithmIdentifier.ReadObjectIdentifier();
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            throw Invalid(setting, "its PEM body is not a PKCS#8 PrivateKeyInfo");
        }
    }

    private static InvalidOperationException Invalid(string setting, string reason) =>
        new($"{setting} cannot be used as the façade's token-signing key: {reason}. Set it to a PKCS#8 PEM private key " +
            "(-----BEGIN PRIVATE KEY-----), RSA of at least 2048 bits or EC P-256, normally a Key Vault reference; or leave it empty " +
            "for local runs, where a key is generated and kept in the store.");
}
