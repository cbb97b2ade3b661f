using System.Security.Claims;
using McpFunctions.ResourceServer;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>
/// The result cache: one IdP call for a burst of requests with one token (the seed paid 227 ms per call),
/// positive results bounded by the token's expiry, negative results for a short while, faults never.
/// IdP calls are counted at the real oidc-provider or at the test's own server.
/// </summary>
[Collection(OidcProviderCollectionDefinition.Name)]
public sealed class TokenValidationCacheTests(OidcProviderFixture provider)
{
    [Fact]
    public async Task ThousandConcurrentRequestsWithOneUncachedToken_MakeExactlyOneUserinfoCall()
    {
        var issued = await provider.RunAuthorizationCodeFlowAsync(
            OidcProviderOptions.PublicClientId, OidcProviderOptions.PublicClientRedirectUri, resource: null, "openid", "grace");
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString, o => o.Userinfo.Enabled = true));
        var before = await provider.RequestCountAsync("/me");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal("grace", r.Token?.Subject));
        Assert.Equal(before + 1, await provider.RequestCountAsync("/me"));
    }

    [Fact]
    public async Task ThousandConcurrentRequestsWithOneUncachedToken_MakeExactlyOneIntrospectionCall()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.McpOpaqueResource, "mcp:read");
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString, o =>
        {
            o.Introspection.Enabled = true;
            o.Introspection.ClientId = OidcProviderOptions.IntrospectionClientId;
            o.Introspection.ClientSecret = provider.Options.IntrospectionClientSecret;
        }));
        var before = await provider.RequestCountAsync("/token/introspection");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(TokenValidationStatus.Valid, r.Status));
        Assert.Equal(before + 1, await provider.RequestCountAsync("/token/introspection"));
    }

    [Fact]
    public async Task RejectedToken_IsRememberedForTheNegativeCacheDuration_ThenAskedAgain()
    {
        var clock = new ManualTimeProvider();
        await using var host = TokenValidationTestHost.Create(
            TokenValidationTestHost.ExternalIdp(provider.IssuerString, o =>
            {
                o.Userinfo.Enabled = true;
                o.NegativeCacheDuration = TimeSpan.FromSeconds(10);
            }),
            clock);
        var token = "never-issued-" + Guid.NewGuid().ToString("N");
        var before = await provider.RequestCountAsync("/me");

        Assert.Equal(TokenValidationStatus.Invalid, (await host.Validator.ValidateAsync(token, CancellationToken.None)).Status);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(TokenValidationStatus.Invalid, (await host.Validator.ValidateAsync(token, CancellationToken.None)).Status);
        Assert.Equal(before + 1, await provider.RequestCountAsync("/me"));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenValidationStatus.Invalid, (await host.Validator.ValidateAsync(token, CancellationToken.None)).Status);
        Assert.Equal(before + 2, await provider.RequestCountAsync("/me"));
    }

    [Fact]
    public async Task ValidToken_IsReusedForTheCacheDuration_ThenAskedAgain()
    {
        var clock = new ManualTimeProvider();
        var issued = await provider.RunAuthorizationCodeFlowAsync(
            OidcProviderOptions.PublicClientId, OidcProviderOptions.PublicClientRedirectUri, resource: null, "openid", "heidi");
        await using var host = TokenValidationTestHost.Create(
            TokenValidationTestHost.ExternalIdp(provider.IssuerString, o =>
            {
                o.Userinfo.Enabled = true;
                o.TokenCacheDuration = TimeSpan.FromMinutes(5);
            }),
            clock);
        var before = await provider.RequestCountAsync("/me");

        await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var cached = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);
        Assert.Equal(before + 1, await provider.RequestCountAsync("/me"));

        clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);
        Assert.Equal(before + 2, await provider.RequestCountAsync("/me"));
        Assert.Equal("heidi", cached.Token!.Subject);
        Assert.Equal("heidi", fresh.Token!.Subject);
    }

    [Fact]
    public async Task ValidToken_IsNotReusedPastItsOwnExpiry()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TestAuthorizationServer.StartAsync();
        var expiry = clock.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds();
        server.Introspection = context => context.Response.WriteAsync(
            $$"""{"active":true,"sub":"ivan","aud":"{{OidcProviderOptions.McpJwtResource}}","exp":{{expiry}}}""");
        await using var host = TokenValidationTestHost.Create(
            TokenValidationTestHost.ExternalIdp(server.Issuer, o =>
            {
                o.Introspection.Enabled = true;
                o.Introspection.ClientId = "rs";
                o.Introspection.ClientSecret = "secret";
                o.TokenCacheDuration = TimeSpan.FromMinutes(5);
                o.ClockSkew = TimeSpan.Zero;
            }),
            clock);

        Assert.Equal(TokenValidationStatus.Valid, (await host.Validator.ValidateAsync("opaque", CancellationToken.None)).Status);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(TokenValidationStatus.Valid, (await host.Validator.ValidateAsync("opaque", CancellationToken.None)).Status);
        Assert.Equal(1, server.Count(TestAuthorizationServer.IntrospectionPath));

        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await host.Validator.ValidateAsync("opaque", CancellationToken.None);
        Assert.Equal(TokenValidationStatus.Invalid, expired.Status);
        Assert.Equal(2, server.Count(TestAuthorizationServer.IntrospectionPath));
    }

    [Fact]
    public async Task UnavailableResult_IsNotCached()
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        server.Userinfo = context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        };
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer, o => o.Userinfo.Enabled = true));

        Assert.Equal(TokenValidationStatus.Unavailable, (await host.Validator.ValidateAsync("opaque", CancellationToken.None)).Status);
        server.Userinfo = context => context.Response.WriteAsync("""{"sub":"judy"}""");
        var recovered = await host.Validator.ValidateAsync("opaque", CancellationToken.None);

        Assert.Equal("judy", recovered.Token!.Subject);
        Assert.Equal(2, server.Count(TestAuthorizationServer.UserinfoPath));
    }

    [Fact]
    public async Task FullCache_EvictsTheOldestEntries_AndStaysWithinItsSize()
    {
        var clock = new ManualTimeProvider();
        var cache = new TokenValidationCache(Options.Create(new AuthOptions { TokenCacheSize = 10 }), clock);
        var calls = new Dictionary<string, int>();
        Task<TokenValidationResult> Validate(string key)
        {
            calls[key] = calls.GetValueOrDefault(key) + 1;
            return Task.FromResult(ValidResult(key));
        }

        for (var i = 0; i < 25; i++)
        {
            var key = "token-" + i;
            await cache.GetOrValidateAsync(key, () => Validate(key), CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(cache.Count, 1, 10);
        await cache.GetOrValidateAsync("token-24", () => Validate("token-24"), CancellationToken.None);
        await cache.GetOrValidateAsync("token-0", () => Validate("token-0"), CancellationToken.None);
        Assert.Equal(1, calls["token-24"]);
        Assert.Equal(2, calls["token-0"]);
    }

    [Fact]
    public async Task FullCache_DropsExpiredEntriesBeforeLiveOnes()
    {
        var clock = new ManualTimeProvider();
        var cache = new TokenValidationCache(Options.Create(new AuthOptions { TokenCacheSize = 4, NegativeCacheDuration = TimeSpan.FromSeconds(10) }), clock);
        var calls = 0;
        Task<TokenValidationResult> Validate(TokenValidationResult result)
        {
            calls++;
            return Task.FromResult(result);
        }

        // The oldest entry is live; two newer ones (negative) expire before the cache fills up.
        await cache.GetOrValidateAsync("live-old", () => Validate(ValidResult("live-old")), CancellationToken.None);
        await cache.GetOrValidateAsync("rejected-1", () => Validate(TokenValidationResult.Invalid("no")), CancellationToken.None);
        await cache.GetOrValidateAsync("rejected-2", () => Validate(TokenValidationResult.Invalid("no")), CancellationToken.None);
        await cache.GetOrValidateAsync("live-new", () => Validate(ValidResult("live-new")), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(11));
        await cache.GetOrValidateAsync("live-newest", () => Validate(ValidResult("live-newest")), CancellationToken.None);
        var callsBefore = calls;

        await cache.GetOrValidateAsync("live-old", () => Validate(ValidResult("live-old")), CancellationToken.None);

        Assert.Equal(callsBefore, calls);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public async Task CallerGivingUp_DoesNotCancelTheSharedValidation()
    {
        var cache = new TokenValidationCache(Options.Create(new AuthOptions()), new ManualTimeProvider());
        var release = new TaskCompletionSource<TokenValidationResult>();
        using var impatient = new CancellationTokenSource();

        var first = cache.GetOrValidateAsync("token", () => release.Task, impatient.Token);
        var second = cache.GetOrValidateAsync("token", () => throw new InvalidOperationException("a second validation must not start"), CancellationToken.None);
        await impatient.CancelAsync();
        release.SetResult(ValidResult("kim"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var (result, shared) = await second;
        Assert.Equal("kim", result.Token!.Subject);
        Assert.True(shared);
    }

    private static TokenValidationResult ValidResult(string subject) => TokenValidationResult.Valid(new ValidatedToken(
        subject, new HashSet<string>(), null, null, new ClaimsPrincipal(), TokenValidationMethod.Userinfo));
}
