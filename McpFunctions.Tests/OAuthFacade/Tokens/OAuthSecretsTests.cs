using System.Security.Cryptography;
using System.Text;
using McpFunctions.OAuthFacade.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.Tests.OAuthFacade.Tokens;

public sealed class OAuthSecretsTests
{
    [Fact]
    public void NewSecret_Is256RandomBitsInBase64Url()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => OAuthSecrets.NewSecret()).ToList();

        Assert.All(secrets, s => Assert.Equal(32, Base64UrlEncoder.DecodeBytes(s).Length));
        Assert.All(secrets, s => Assert.Matches("^[A-Za-z0-9_-]{43}$", s));
        Assert.Equal(100, secrets.Distinct(StringComparer.Ordinal).Count());
        Assert.Matches("^[A-Za-z0-9_-]{22}$", OAuthSecrets.NewId());
    }

    [Fact]
    public void Hash_IsBase64UrlSha256_AndMatchesHashComparesIt()
    {
        var hash = OAuthSecrets.Hash("code-value");

        Assert.Equal(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes("code-value"))), hash);
        Assert.True(OAuthSecrets.MatchesHash("code-value", hash));
        Assert.False(OAuthSecrets.MatchesHash("code-valuf", hash));
        Assert.False(OAuthSecrets.MatchesHash("code-value", null));
    }

    [Fact]
    public void RefreshToken_NamesItsGrant_AndOnlyWellFormedTokensAreRead()
    {
        var grantId = OAuthSecrets.NewId();

        var (token, hash) = OAuthSecrets.NewRefreshToken(grantId);

        Assert.StartsWith(grantId + ".", token, StringComparison.Ordinal);
        Assert.Equal(OAuthSecrets.Hash(token), hash);
        Assert.True(OAuthSecrets.TryReadGrantId(token, out var read));
        Assert.Equal(grantId, read);
        Assert.False(OAuthSecrets.TryReadGrantId("no-separator", out _));
        Assert.False(OAuthSecrets.TryReadGrantId(".secret", out _));
        Assert.False(OAuthSecrets.TryReadGrantId("grant.", out _));
        Assert.False(OAuthSecrets.TryReadGrantId("a.b.c", out _));
        Assert.False(OAuthSecrets.TryReadGrantId("gr/ant.secret", out _));
        Assert.False(OAuthSecrets.TryReadGrantId(null, out _));
        Assert.Throws<ArgumentException>(() => OAuthSecrets.NewRefreshToken("has.dot"));
    }
}
