using System.Security.Cryptography;
using McpFunctions.OpenIdConnect;
using McpFunctions.ResourceServer;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>
/// The JWT rules (RFC 7519, RFC 8725, RFC 9068, MCP "Token Audience Binding"), with tokens the test signs
/// itself and a JWKS served by <see cref="TestAuthorizationServer"/> over real HTTP; time is a manual clock
/// in 2030, so every accepted token also proves that lifetime is judged on the injected clock.
/// </summary>
public sealed class JwtValidationRulesTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] McpScopeArray = ["mcp:read", "mcp:execute"];

    private readonly ManualTimeProvider _clock = new();
    private readonly TestSigningKey _key = new("key-1");
    private TestAuthorizationServer _server = null!;
    private TokenValidationTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await TestAuthorizationServer.StartAsync();
        _server.Publish(_key);
        _host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(_server.Issuer), _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task Lifetime_IsJudgedOnTheInjectedClock_NotTheMachineClock()
    {
        // Valid from 2030 on: the machine clock would call this token not yet valid.
        var result = await ValidateAsync(_key.Sign(Payload()));

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        Assert.Equal("alice", result.Token!.Subject);
        Assert.Equal("claude", result.Token.ClientId);
        Assert.Equal(new HashSet<string> { "mcp:read", "mcp:execute" }, result.Token.Scopes);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(10), result.Token.ExpiresAt);
    }

    [Fact]
    public async Task ExpiredToken_IsInvalid()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p => p["exp"] = Seconds(-61))));

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("expired", result.FailureReason);
    }

    [Fact]
    public async Task TokenExpiredWithinClockSkew_IsValid()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p => p["exp"] = Seconds(-30))));

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
    }

    [Fact]
    public async Task TokenNotYetValid_IsInvalid()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p => p["nbf"] = Seconds(300))));

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("not valid before", result.FailureReason);
    }

    [Fact]
    public async Task TokenWithoutExpiry_IsInvalid()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p => p.Remove("exp"))));

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("no exp", result.FailureReason);
    }

    [Fact]
    public async Task TokenFromAnotherIssuer_IsInvalid()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p => p["iss"] = "https://evil.example.test")));

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("issuer 'https://evil.example.test'", result.FailureReason);
    }

    [Fact]
    public async Task TokenForAnotherAudience_IsInvalid()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p => p["aud"] = "https://other.example.test/api")));

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("audience [https://other.example.test/api]", result.FailureReason);
    }

    [Theory]
    [InlineData("https://mcp.example.test/mcp/")]
    [InlineData("https://mcp.example.test")]
    [InlineData("https://mcp.example.test/")]
    public async Task TokenForAnyCanonicalResourceOfThisServer_IsValid(string audience)
    {
        var result = await ValidateAsync(_key.Sign(Payload(p => p["aud"] = new[] { "https://other.example.test/api", audience })));

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
    }

    [Fact]
    public async Task AlgNone_IsInvalid_WithoutAskingTheAuthorizationServer()
    {
        var token = TestSigningKey.Assemble(TestSigningKey.Header("none", _key.KeyId), Payload(), _ => []);

        var result = await ValidateAsync(token);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("'none' is not allowed", result.FailureReason);
        Assert.Equal(0, _server.Count(TestAuthorizationServer.JwksPath));
    }

    [Fact]
    public async Task Hs256SignedWithThePublicKey_IsInvalid()
    {
        // RFC 8725 §2.1 key confusion: the RSA public key is public, so an HMAC "signed" with it proves nothing.
        var token = TestSigningKey.Assemble(TestSigningKey.Header("HS256", _key.KeyId), Payload(), input => HMACSHA256.HashData(_key.PublicKeyBytes(), input));

        var result = await ValidateAsync(token);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("'HS256' is not allowed", result.FailureReason);
    }

    [Fact]
    public async Task TamperedPayload_IsInvalid()
    {
        var genuine = _key.Sign(Payload()).Split('.');
        var forged = genuine[0] + "." + TestSigningKey.Encode(Payload(p => p["sub"] = "mallory")) + "." + genuine[2];

        var result = await ValidateAsync(forged);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("signature", result.FailureReason);
    }

    [Fact]
    public async Task TokenSignedByAnUnpublishedKey_IsInvalid_AfterOneKeyReload()
    {
        using var stranger = new TestSigningKey("stranger");

        var result = await ValidateAsync(stranger.Sign(Payload()));

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("no signing key with kid 'stranger'", result.FailureReason);
        Assert.Equal(2, _server.Count(TestAuthorizationServer.JwksPath));
    }

    [Fact]
    public async Task CraftedKid_CannotForgeOrFloodLogLines()
    {
        using var stranger = new TestSigningKey("stranger");
        var kid = "x\nINFO Token validated for subject admin" + new string('k', 5000);

        var result = await ValidateAsync(stranger.Sign(Payload(), keyIdOverride: kid));

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        var line = Assert.Single(_host.Logs.Lines, l => l.EventId.Id == 2110);
        Assert.DoesNotContain('\n', line.Message);
        Assert.InRange(line.Message.Length, 1, 300);
        Assert.InRange(result.FailureReason!.Length, 1, 300);
    }

    [Fact]
    public async Task KeyRollover_NewKidIsAccepted_AndFurtherReloadsAreThrottledFiveMinutes()
    {
        using var second = new TestSigningKey("key-2");
        using var third = new TestSigningKey("key-3");
        Assert.Equal(TokenValidationStatus.Valid, (await ValidateAsync(_key.Sign(Payload()))).Status);
        Assert.Equal(1, _server.Count(TestAuthorizationServer.JwksPath));

        // The IdP rotates: a token with the new kid triggers one reload and is accepted right away.
        _server.Publish(_key, second);
        Assert.Equal(TokenValidationStatus.Valid, (await ValidateAsync(second.Sign(Payload(p => p["jti"] = "2")))).Status);
        Assert.Equal(2, _server.Count(TestAuthorizationServer.JwksPath));

        // Another new kid right after: no reload within the interval, so it is refused for now.
        _server.Publish(_key, second, third);
        var throttled = await ValidateAsync(third.Sign(Payload(p => p["jti"] = "3")));
        Assert.Equal(TokenValidationStatus.Invalid, throttled.Status);
        Assert.Equal(2, _server.Count(TestAuthorizationServer.JwksPath));

        _clock.Advance(OpenIdConnectDefaults.KeyReloadInterval);
        Assert.Equal(TokenValidationStatus.Valid, (await ValidateAsync(third.Sign(Payload(p => p["jti"] = "4")))).Status);
        Assert.Equal(3, _server.Count(TestAuthorizationServer.JwksPath));
    }

    [Fact]
    public async Task KeyRollover_ManyTokensWithTheNewKidAtOnce_ShareOneJwksReload()
    {
        using var second = new TestSigningKey("key-2");
        Assert.Equal(TokenValidationStatus.Valid, (await ValidateAsync(_key.Sign(Payload()))).Status);
        _server.Publish(_key, second);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.JwksGate = release.Task;

        // Distinct tokens, so the validation cache does not merge them: each asks the JWT validator itself.
        var validations = Enumerable.Range(0, 12)
            .Select(i => Task.Run(() => ValidateAsync(second.Sign(Payload(p => p["jti"] = $"burst-{i}")))))
            .ToList();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_server.Count(TestAuthorizationServer.JwksPath) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        release.SetResult();
        var results = await Task.WhenAll(validations);

        Assert.All(results, result => Assert.Equal(TokenValidationStatus.Valid, result.Status));
        Assert.Equal(2, _server.Count(TestAuthorizationServer.JwksPath));
        Assert.Single(_host.Logs.Lines, l => l.EventId.Id == 2130);
    }

    [Fact]
    public async Task ScpArrayAndAzp_AreReadAsScopesAndClientId()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p =>
        {
            p.Remove("scope");
            p.Remove("client_id");
            p["scp"] = McpScopeArray;
            p["azp"] = "entra-app";
        })));

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        Assert.Equal(new HashSet<string> { "mcp:read", "mcp:execute" }, result.Token!.Scopes);
        Assert.Equal("entra-app", result.Token.ClientId);
    }

    [Fact]
    public async Task ScpString_IsSplitOnSpaces_AndAppIdIsTheClientId()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p =>
        {
            p.Remove("scope");
            p.Remove("client_id");
            p["scp"] = "mcp:read mcp:execute";
            p["appid"] = "entra-v1-app";
        })));

        Assert.Equal(new HashSet<string> { "mcp:read", "mcp:execute" }, result.Token!.Scopes);
        Assert.Equal("entra-v1-app", result.Token.ClientId);
    }

    [Fact]
    public async Task TokenWithoutSubject_IsInvalid()
    {
        var result = await ValidateAsync(_key.Sign(Payload(p => p.Remove("sub"))));

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("no sub", result.FailureReason);
    }

    [Fact]
    public async Task MetadataForAnotherIssuer_IsRefused_AsUnavailable()
    {
        _server.PublishedIssuer = "https://someone-else.example.test";

        var result = await ValidateAsync(_key.Sign(Payload()));

        Assert.Equal(TokenValidationStatus.Unavailable, result.Status);
        Assert.Contains("names issuer 'https://someone-else.example.test'", result.FailureReason);
    }

    [Fact]
    public async Task PlainHttpJwksOffLoopback_IsRefused_EvenWhenHttpsIsRelaxedForLoopback()
    {
        _server.PublishedJwksUri = "http://keys.example.test/jwks";

        var result = await ValidateAsync(_key.Sign(Payload()));

        Assert.Equal(TokenValidationStatus.Unavailable, result.Status);
        Assert.Contains("Refusing to fetch 'http://keys.example.test/jwks'", result.FailureReason);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")]
    public async Task GarbageOrKidlessToken_IsInvalid_WhenNeitherIntrospectionNorUserinfoIsConfigured(string token)
    {
        var result = await ValidateAsync(token);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Equal(TokenValidatorRouter.NoMethodForUnsignedTokens, result.FailureReason);
        Assert.Equal(0, _server.Count(TestAuthorizationServer.DiscoveryPath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyToken_IsInvalid(string token)
    {
        var result = await ValidateAsync(token);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Equal("empty token", result.FailureReason);
    }

    [Fact]
    public async Task MalformedJws_IsInvalid_AtTheJwtValidator()
    {
        var result = await _host.Get<JwtTokenValidator>().ValidateAsync("eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0.%%%.c2ln", CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Equal("not a well-formed compact JWS", result.FailureReason);
    }

    private Task<TokenValidationResult> ValidateAsync(string token) => _host.Validator.ValidateAsync(token, CancellationToken.None);

    private long Seconds(int fromNow) => _clock.GetUtcNow().AddSeconds(fromNow).ToUnixTimeSeconds();

    private Dictionary<string, object?> Payload(Action<Dictionary<string, object?>>? change = null)
    {
        var payload = new Dictionary<string, object?>
        {
            ["iss"] = _server.Issuer,
            ["sub"] = "alice",
            ["aud"] = OidcProviderOptions.McpJwtResource,
            ["iat"] = Seconds(0),
            ["nbf"] = Seconds(0),
            ["exp"] = Seconds(600),
            ["scope"] = "mcp:read mcp:execute",
            ["client_id"] = "claude",
        };
        change?.Invoke(payload);
        return payload;
    }
}
