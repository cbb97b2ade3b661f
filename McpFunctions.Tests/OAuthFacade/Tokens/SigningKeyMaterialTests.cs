using System.Security.Cryptography;
using System.Text.Json;
using McpFunctions.OAuthFacade.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.Tests.OAuthFacade.Tokens;

/// <summary>Key ids (RFC 7638) and the keys <c>Facade:SigningKey</c> accepts.</summary>
public sealed class SigningKeyMaterialTests
{
    [Fact]
    public void Thumbprint_MatchesTheExampleOfRfc7638Section3_1()
    {
        var thumbprint = SigningKeyMaterial.Thumbprint(
        [
            new("kty", "RSA"),
            new("e", "AQAB"),
            new("n", "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"),
        ]);

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", thumbprint);
    }

    [Fact]
    public void FromPem_Rsa_SignsRs256_WithTheJwkThumbprintAsKid()
    {
        using var rsa = RSA.Create(2048);

        var key = SigningKeyMaterial.FromPem(rsa.ExportPkcs8PrivateKeyPem());

        var parameters = rsa.ExportParameters(false);
        var expectedKid = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(parameters)).ComputeJwkThumbprint());
        Assert.Equal("RS256", key.Algorithm);
        Assert.Equal(expectedKid, key.KeyId);
        Assert.Equal(expectedKid, key.PrivateKey.KeyId);
        Assert.Equal(expectedKid, key.PublicKey.KeyId);
        var jwk = key.PublicJwk.ToDictionary();
        Assert.Equal(["kty", "use", "alg", "kid", "n", "e"], key.PublicJwk.Select(m => m.Key));
        Assert.Equal(Base64UrlEncoder.Encode(parameters.Modulus), jwk["n"]);
        Assert.Equal("AQAB", jwk["e"]);
        Assert.Equal("sig", jwk["use"]);
    }

    [Fact]
    public void FromPem_P256_SignsEs256_WithTheJwkThumbprintAsKid()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var key = SigningKeyMaterial.FromPem(ecdsa.ExportPkcs8PrivateKeyPem());

        var expectedKid = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ecdsa)).ComputeJwkThumbprint());
        Assert.Equal("ES256", key.Algorithm);
        Assert.Equal(expectedKid, key.KeyId);
        var jwk = key.PublicJwk.ToDictionary();
        Assert.Equal("EC", jwk["kty"]);
        Assert.Equal("P-256", jwk["crv"]);
        Assert.Equal(Base64UrlEncoder.Encode(ecdsa.ExportParameters(false).Q.X), jwk["x"]);
        Assert.False(jwk.ContainsKey("d"));
    }

    [Fact]
    public void FromPem_GivesTheSameKidForTheSameKey_AndAnotherForAnotherKey()
    {
        using var rsa = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();

        var first = SigningKeyMaterial.FromPem(pem);
        var again = SigningKeyMaterial.FromPem(pem.Replace("\n", "\\n", StringComparison.Ordinal));
        var different = SigningKeyMaterial.FromPem(other.ExportPkcs8PrivateKeyPem());

        Assert.Equal(first.KeyId, again.KeyId);
        Assert.NotEqual(first.KeyId, different.KeyId);
    }

    [Fact]
    public void FromPem_RefusesWhatCannotSignSafely_SayingWhatToSet()
    {
        using var shortRsa = RSA.Create(1024);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var pkcs1 = RSA.Create(2048);

        var tooShort = Assert.Throws<InvalidOperationException>(() => SigningKeyMaterial.FromPem(shortRsa.ExportPkcs8PrivateKeyPem()));
        var wrongCurve = Assert.Throws<InvalidOperationException>(() => SigningKeyMaterial.FromPem(p384.ExportPkcs8PrivateKeyPem()));
        var notPkcs8 = Assert.Throws<InvalidOperationException>(() => SigningKeyMaterial.FromPem(pkcs1.ExportRSAPrivateKeyPem()));
        var notPem = Assert.Throws<InvalidOperationException>(() => SigningKeyMaterial.FromPem("secret-value-not-a-key"));

        Assert.Contains("1024 bits", tooShort.Message, StringComparison.Ordinal);
        Assert.Contains("P-256", wrongCurve.Message, StringComparison.Ordinal);
        Assert.Contains("'RSA PRIVATE KEY', not 'PRIVATE KEY'", notPkcs8.Message, StringComparison.Ordinal);
        Assert.Contains("not PEM", notPem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", notPem.Message, StringComparison.Ordinal);
        Assert.All(new[] { tooShort, wrongCurve, notPkcs8, notPem }, e => Assert.StartsWith("Facade:SigningKey cannot be used", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void JwksJson_PublishesPublicMembersOnly()
    {
        using var rsa = RSA.Create(2048);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rsaKey = SigningKeyMaterial.FromPem(rsa.ExportPkcs8PrivateKeyPem());
        var ecKey = SigningKeyMaterial.FromPem(ecdsa.ExportPkcs8PrivateKeyPem());

        using var jwks = JsonDocument.Parse(SigningKeyMaterial.JwksJson([rsaKey, ecKey]));

        var keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(rsaKey.KeyId, keys[0].GetProperty("kid").GetString());
        Assert.Equal(ecKey.KeyId, keys[1].GetProperty("kid").GetString());
        foreach (var key in keys)
        {
            var names = key.EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.DoesNotContain("d", names);
            Assert.DoesNotContain("p", names);
            Assert.DoesNotContain("q", names);
        }

        var parsed = new JsonWebKeySet(SigningKeyMaterial.JwksJson([rsaKey, ecKey]));
        Assert.Equal(2, parsed.GetSigningKeys().Count);
    }
}
