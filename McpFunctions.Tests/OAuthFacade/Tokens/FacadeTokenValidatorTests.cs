using System.Security.Cryptography;
using Azure;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.ResourceServer;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Moq;
using TokenValidationResult = McpFunctions.ResourceServer.TokenValidationResult;

namespace McpFunctions.Tests.OAuthFacade.Tokens;

/// <summary>
/// The resource server in façade mode: the façade's own tokens, validated in-process (RFC 9068 §4) — audience bound to
/// this server (RFC 8707), issuer the façade, keys from the ring, and a grant that has not been revoked.
/// </summary>
public sealed class FacadeTokenValidatorTests
{
    private static readonly Dictionary<string, string?> FacadeMode = new() { ["Auth:Mode"] = "Facade" };

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Valid_ForATokenOfALiveGrant()
    {
        await using var host = FacadeTestHost.Create(_time, FacadeMode);
        var grant = await CreateGrantAsync(host);
        var token = await IssueAsync(host, grant);

        var result = await host.Get<ITokenValidator>().ValidateAsync(token, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        Assert.Equal("user-1", result.Token!.Subject);
        Assert.Equal(grant.ClientId, result.Token.ClientId);
        Assert.Equal(["mcp:execute", "mcp:read"], result.Token.Scopes.Order(StringComparer.Ordinal));
        Assert.Equal(_time.GetUtcNow().AddHours(1), result.Token.ExpiresAt);
        Assert.True(result.Token.Principal.Identity!.IsAuthenticated);
        Assert.Equal("user-1", result.Token.Principal.Identity.Name);
        Assert.Contains(host.Logs.Lines, l => l.EventId.Id == 5043 && l.Message.Contains("user-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logging_FirstRequestOfASubjectPerPeriodIsInformation_TheRestDebug_ThenThePeriodsTotals()
    {
        // Arrange
        await using var host = FacadeTestHost.Create(_time, FacadeMode);
        var token = await IssueAsync(host, await CreateGrantAsync(host));
        var validator = host.Get<ITokenValidator>();

        // Act: three requests in one period, then one more after it.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TokenValidationStatus.Valid, (await validator.ValidateAsync(token, CancellationToken.None)).Status);
        }

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TokenValidationStatus.Valid, (await validator.ValidateAsync(token, CancellationToken.None)).Status);

        // Assert
        var lines = host.Logs.Lines.Where(l => l.EventId.Id is 5040 or 5043 or 5044).ToList();
        Assert.Equal([5043, 5040, 5040, 5044, 5043], lines.Select(l => l.EventId.Id));
        Assert.Equal(LogLevel.Information, lines[0].Level);
        Assert.Equal(LogLevel.Debug, lines[1].Level);
        Assert.Equal(LogLevel.Information, lines[3].Level);
        Assert.EndsWith(": 3 requests for 1 subject(s)", lines[3].Message, StringComparison.Ordinal);
        Assert.Contains("user-1", lines[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audience_TokenForAnotherResourceIsInvalid()
    {
        await using var host = FacadeTestHost.Create(_time, FacadeMode);
        var grant = await CreateGrantAsync(host);
        var forOther = await IssueAsync(host, grant, resource: "https://other.example.com/mcp");
        var withTrailingSlash = await IssueAsync(host, grant, resource: FacadeTestHost.Resource + "/");

        var other = await host.Get<ITokenValidator>().ValidateAsync(forOther, CancellationToken.None);
        var slash = await host.Get<ITokenValidator>().ValidateAsync(withTrailingSlash, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, other.Status);
        Assert.Contains("audience [https://other.example.com/mcp]", other.FailureReason, StringComparison.Ordinal);
        Assert.Equal(TokenValidationStatus.Invalid, slash.Status);
    }

    [Fact]
    public async Task Lifetime_ExpiredTokenIsInvalidOnceTheClockSkewHasPassed()
    {
        await using var host = FacadeTestHost.Create(_time, FacadeMode);
        var grant = await CreateGrantAsync(host);
        var token = await IssueAsync(host, grant);
        var validator = host.Get<ITokenValidator>();

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(60));
        var withinSkew = await validator.ValidateAsync(token, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = await validator.ValidateAsync(token, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, withinSkew.Status);
        Assert.Equal(TokenValidationStatus.Invalid, expired.Status);
        Assert.Contains("expired", expired.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedGrant_StopsItsTokensWithinTheCheckWindow()
    {
        await using var host = FacadeTestHost.Create(_time, FacadeMode);
        var grant = await CreateGrantAsync(host);
        var token = await IssueAsync(host, grant);
        var validator = host.Get<ITokenValidator>();
        Assert.Equal(TokenValidationStatus.Valid, (await validator.ValidateAsync(token, CancellationToken.None)).Status);

        await host.Get<IGrantStore>().RevokeAsync(grant.GrantId, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        var withinWindow = await validator.ValidateAsync(token, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterWindow = await validator.ValidateAsync(token, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, withinWindow.Status);
        Assert.Equal(TokenValidationStatus.Invalid, afterWindow.Status);
        Assert.Contains("revoked", afterWindow.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grant_TokenIsInvalidWhenItsGrantIsUnknownOrBelongsToAnotherClient()
    {
        await using var host = FacadeTestHost.Create(_time, FacadeMode);
        var grant = await CreateGrantAsync(host);
        var unknownGrant = await IssueAsync(host, grant with { GrantId = OAuthSecrets.NewId() });
        var otherClient = await IssueAsync(host, grant with { ClientId = "someone-else" });

        var unknown = await host.Get<ITokenValidator>().ValidateAsync(unknownGrant, CancellationToken.None);
        var foreign = await host.Get<ITokenValidator>().ValidateAsync(otherClient, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, unknown.Status);
        Assert.Contains("no longer exists", unknown.FailureReason, StringComparison.Ordinal);
        Assert.Equal(TokenValidationStatus.Invalid, foreign.Status);
        Assert.Contains("another client", foreign.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForeignKey_TokenSignedWithAnotherKeyIsInvalid_EvenUnderTheRingsKid()
    {
        await using var host = FacadeTestHost.Create(_time, FacadeMode);
        var grant = await CreateGrantAsync(host);
        var ringKey = await host.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None);
        using var attacker = RSA.Create(2048);
        var withOwnKid = Sign(host, grant, new SigningCredentials(new RsaSecurityKey(attacker) { KeyId = "attacker" }, "RS256"));
        var withRingKid = Sign(host, grant, new SigningCredentials(new RsaSecurityKey(attacker) { KeyId = ringKey.KeyId }, "RS256"));

        var unknownKid = await host.Get<ITokenValidator>().ValidateAsync(withOwnKid, CancellationToken.None);
        var forgedKid = await host.Get<ITokenValidator>().ValidateAsync(withRingKid, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, unknownKid.Status);
        Assert.Equal(TokenValidationStatus.Invalid, forgedKid.Status);
        Assert.Contains("signature", forgedKid.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypeAndIssuer_TokenWithoutAtJwtTypeOrFromAnotherIssuerIsInvalid()
    {
        await using var host = FacadeTestHost.Create(_time, FacadeMode);
        var grant = await CreateGrantAsync(host);
        var credentials = (await host.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None)).SigningCredentials();
        var plainJwt = Sign(host, grant, credentials, tokenType: "JWT");
        var otherIssuer = Sign(host, grant, credentials, issuer: "https://evil.example.com");

        var typ = await host.Get<ITokenValidator>().ValidateAsync(plainJwt, CancellationToken.None);
        var iss = await host.Get<ITokenValidator>().ValidateAsync(otherIssuer, CancellationToken.None);
        var opaque = await host.Get<ITokenValidator>().ValidateAsync("opaque-token", CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, typ.Status);
        Assert.Contains("at+jwt", typ.FailureReason, StringComparison.Ordinal);
        Assert.Equal(TokenValidationStatus.Invalid, iss.Status);
        Assert.Contains("issuer 'https://evil.example.com'", iss.FailureReason, StringComparison.Ordinal);
        Assert.Equal(TokenValidationStatus.Invalid, opaque.Status);
    }

    [Fact]
    public async Task GrantStoreDown_IsUnavailableNotInvalid()
    {
        var grants = new Mock<IGrantStore>();
        grants.Setup(g => g.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException(503, "Server busy"));
        await using var host = FacadeTestHost.Create(_time, FacadeMode, configureServices: services => services.AddSingleton(grants.Object));
        var token = await IssueAsync(host, NewGrant());

        var result = await host.Get<ITokenValidator>().ValidateAsync(token, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Unavailable, result.Status);
    }

    private GrantRecord NewGrant() => new()
    {
        GrantId = OAuthSecrets.NewId(),
        ClientId = "client-1",
        Subject = "user-1",
        Scopes = ["mcp:read", "mcp:execute"],
        Resource = FacadeTestHost.Resource,
        RefreshTokenHash = OAuthSecrets.Hash("refresh"),
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow().AddDays(30),
    };

    private async Task<GrantRecord> CreateGrantAsync(FacadeTestHost host) =>
        (await host.Get<IGrantStore>().CreateAsync(NewGrant(), CancellationToken.None)).Value!;

    internal static async Task<string> IssueAsync(FacadeTestHost host, GrantRecord grant, string? resource = null) =>
        (await host.Get<IAccessTokenIssuer>().IssueAsync(
            new AccessTokenRequest(grant.Subject, grant.ClientId, grant.Scopes, resource ?? grant.Resource, grant.GrantId, null),
            CancellationToken.None)).Token;

    private string Sign(FacadeTestHost host, GrantRecord grant, SigningCredentials credentials, string tokenType = "at+jwt", string? issuer = null)
    {
        var now = _time.GetUtcNow();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = tokenType,
            Issuer = issuer ?? host.Get<IFacadeKeyRing>().Issuer,
            Audience = FacadeTestHost.Resource,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddHours(1).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = grant.Subject,
                ["client_id"] = grant.ClientId,
                ["scope"] = "mcp:read",
                ["gid"] = grant.GrantId,
                ["jti"] = OAuthSecrets.NewId(),
            },
            SigningCredentials = credentials,
        });
    }
}
