using System.Text.Json;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.OAuthFacade.Stores;

/// <summary>
/// What every implementation of the OAuth stores must do, run against each by a subclass, so the in-memory stores
/// used locally cannot drift from the Table stores used on Azure.
/// </summary>
public abstract class OAuthStoreContractTests
{
    private OAuthStores? _stores;

    /// <summary>The clock the stores judge expiry by; sub-second ticks so a store that truncates timestamps fails the round trip.</summary>
    internal ManualTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567));

    internal OAuthStores Stores => _stores ??= CreateStores(Time);

    internal abstract OAuthStores CreateStores(TimeProvider timeProvider);

    // ---- Clients -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Client_CreateThenGet_RoundTripsEveryField_ForAMetadataDocumentUrlId()
    {
        var client = NewClient("https://app.example.com/oauth/client.json?v=1#x") with
        {
            Kind = ClientRegistrationKind.MetadataDocument,
            ClientName = "Example 'quoted' app",
            RedirectUris = ["https://app.example.com/callback", "http://127.0.0.1/cb"],
            GrantTypes = ["authorization_code", "refresh_token"],
            ResponseTypes = ["code"],
            TokenEndpointAuthMethod = "client_secret_post",
            ClientSecretHash = OAuthSecrets.Hash("secret"),
            Scope = "claudeai mcp:tools",
            ApplicationType = "native",
            ClientUri = "https://app.example.com",
            LogoUri = "https://app.example.com/logo.png",
        };

        var created = await Stores.Clients.CreateAsync(client, CancellationToken.None);
        var read = await Stores.Clients.GetAsync(client.ClientId, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, created.Status);
        Assert.False(string.IsNullOrEmpty(created.Value!.ETag));
        AssertSame(client with { ETag = created.Value.ETag }, created.Value);
        AssertSame(created.Value, read);
    }

    [Fact]
    public async Task Client_CreateThenGet_KeepsOptionalFieldsAbsent()
    {
        var client = NewClient(OAuthSecrets.NewId());

        await Stores.Clients.CreateAsync(client, CancellationToken.None);
        var read = await Stores.Clients.GetAsync(client.ClientId, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Null(read.ClientName);
        Assert.Null(read.ClientSecretHash);
        Assert.Null(read.Scope);
        Assert.Null(read.ClientUri);
        Assert.Equal(["authorization_code"], read.GrantTypes);
        Assert.Equal("none", read.TokenEndpointAuthMethod);
    }

    [Fact]
    public async Task Client_Create_ReturnsConflict_WhenIdIsTaken()
    {
        var client = NewClient(OAuthSecrets.NewId());
        await Stores.Clients.CreateAsync(client, CancellationToken.None);

        var second = await Stores.Clients.CreateAsync(client with { ClientName = "intruder" }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Conflict, second.Status);
        Assert.Null((await Stores.Clients.GetAsync(client.ClientId, CancellationToken.None))!.ClientName);
    }

    [Fact]
    public async Task Client_Create_TakesOverTheIdOfAnExpiredClient()
    {
        var client = NewClient(OAuthSecrets.NewId());
        await Stores.Clients.CreateAsync(client, CancellationToken.None);
        Time.Advance(client.ExpiresAt - Time.GetUtcNow());

        var again = await Stores.Clients.CreateAsync(client with { ClientName = "new", ExpiresAt = Time.GetUtcNow().AddDays(1) }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, again.Status);
        Assert.Equal("new", (await Stores.Clients.GetAsync(client.ClientId, CancellationToken.None))!.ClientName);
    }

    [Fact]
    public async Task Client_Get_ReturnsNull_WhenUnknownEmptyOrExpired()
    {
        var client = NewClient(OAuthSecrets.NewId());
        await Stores.Clients.CreateAsync(client, CancellationToken.None);

        Assert.Null(await Stores.Clients.GetAsync("unknown", CancellationToken.None));
        Assert.Null(await Stores.Clients.GetAsync(string.Empty, CancellationToken.None));
        Assert.NotNull(await Stores.Clients.GetAsync(client.ClientId, CancellationToken.None));
        Time.Advance(client.ExpiresAt - Time.GetUtcNow());
        Assert.Null(await Stores.Clients.GetAsync(client.ClientId, CancellationToken.None));
    }

    [Fact]
    public async Task Client_Update_SucceedsWithCurrentETag_AndFailsWithStaleOne()
    {
        var created = (await Stores.Clients.CreateAsync(NewClient(OAuthSecrets.NewId()), CancellationToken.None)).Value!;
        var later = Time.GetUtcNow().AddMinutes(5);

        var first = await Stores.Clients.UpdateAsync(created with { LastUsedAt = later }, CancellationToken.None);
        var stale = await Stores.Clients.UpdateAsync(created with { ClientName = "stale" }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, first.Status);
        Assert.NotEqual(created.ETag, first.Value!.ETag);
        Assert.Equal(StoreWriteStatus.PreconditionFailed, stale.Status);
        var read = await Stores.Clients.GetAsync(created.ClientId, CancellationToken.None);
        Assert.Equal(later, read!.LastUsedAt);
        Assert.Null(read.ClientName);
    }

    [Fact]
    public async Task Client_Update_ReturnsNotFound_WhenDeleted()
    {
        var created = (await Stores.Clients.CreateAsync(NewClient(OAuthSecrets.NewId()), CancellationToken.None)).Value!;
        Assert.True(await Stores.Clients.DeleteAsync(created.ClientId, CancellationToken.None));

        var updated = await Stores.Clients.UpdateAsync(created with { ClientName = "x" }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.NotFound, updated.Status);
        Assert.False(await Stores.Clients.DeleteAsync(created.ClientId, CancellationToken.None));
    }

    [Fact]
    public async Task Client_Upsert_InsertsThenReplacesWhateverIsThere()
    {
        var client = NewClient("https://cimd.example.com/client") with { Kind = ClientRegistrationKind.MetadataDocument };

        var inserted = await Stores.Clients.UpsertAsync(client, CancellationToken.None);
        var replaced = await Stores.Clients.UpsertAsync(client with { ClientName = "refreshed" }, CancellationToken.None);
        var read = await Stores.Clients.GetAsync(client.ClientId, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(inserted.ETag));
        Assert.NotEqual(inserted.ETag, replaced.ETag);
        Assert.Equal("refreshed", read!.ClientName);
        Assert.Equal(replaced.ETag, read.ETag);
    }

    // ---- Pending authorizations ----------------------------------------------------------------------------

    [Fact]
    public async Task Pending_CreateThenConsume_RoundTripsEveryField_Once()
    {
        var pending = NewPending() with { ClientState = "client 'state' ✓" };
        var created = await Stores.Pending.CreateAsync(pending, CancellationToken.None);

        var first = await Stores.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None);
        var second = await Stores.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, created.Status);
        AssertSame(created.Value!, first);
        Assert.Null(second);
    }

    [Fact]
    public async Task Pending_Create_ReturnsConflict_WhenStateHashExists()
    {
        var pending = NewPending();
        await Stores.Pending.CreateAsync(pending, CancellationToken.None);

        var again = await Stores.Pending.CreateAsync(pending with { ClientId = "other" }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Conflict, again.Status);
        Assert.Equal(pending.ClientId, (await Stores.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None))!.ClientId);
    }

    [Fact]
    public async Task Pending_Consume_ExactlyOneOfManyConcurrentCallersWins()
    {
        var pending = NewPending();
        await Stores.Pending.CreateAsync(pending, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Stores.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(pending.ClientId, winner!.ClientId);
    }

    [Fact]
    public async Task Pending_Consume_ReturnsNull_WhenExpiredUnknownOrNotAKey()
    {
        var pending = NewPending();
        await Stores.Pending.CreateAsync(pending, CancellationToken.None);
        Time.Advance(pending.ExpiresAt - Time.GetUtcNow());

        Assert.Null(await Stores.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None));
        Assert.Null(await Stores.Pending.ConsumeAsync(OAuthSecrets.Hash("never stored"), CancellationToken.None));
        Assert.Null(await Stores.Pending.ConsumeAsync("a/b?c#d", CancellationToken.None));
        Assert.Null(await Stores.Pending.ConsumeAsync(string.Empty, CancellationToken.None));
    }

    // ---- Authorization codes --------------------------------------------------------------------------------

    [Fact]
    public async Task Code_CreateThenGet_RoundTripsEveryField()
    {
        var code = NewCode() with
        {
            ClaimsJson = """{"name":"Ada","email":"ada@example.com"}""",
            UpstreamRefreshTokenProtected = "CfDJ8protected",
        };

        var created = await Stores.Codes.CreateAsync(code, CancellationToken.None);
        var read = await Stores.Codes.GetAsync(code.CodeHash, CancellationToken.None);

        AssertSame(code with { ETag = created.Value!.ETag }, created.Value);
        AssertSame(created.Value, read);
        Assert.Null(read!.RedeemedAt);
        Assert.Null(read.RedeemedGrantId);
    }

    [Fact]
    public async Task Code_Redeem_ExactlyOneOfTwoConcurrentRedemptionsWins_AndTheRowStaysForReplayDetection()
    {
        var created = (await Stores.Codes.CreateAsync(NewCode(), CancellationToken.None)).Value!;
        var now = Time.GetUtcNow();

        var results = await Task.WhenAll(
            Task.Run(() => Stores.Codes.UpdateAsync(created with { RedeemedAt = now, RedeemedGrantId = "grant-a" }, CancellationToken.None)),
            Task.Run(() => Stores.Codes.UpdateAsync(created with { RedeemedAt = now, RedeemedGrantId = "grant-b" }, CancellationToken.None)));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(StoreWriteStatus.PreconditionFailed, Assert.Single(results, r => !r.Succeeded).Status);
        var replay = await Stores.Codes.GetAsync(created.CodeHash, CancellationToken.None);
        Assert.Equal(winner.Value!.RedeemedGrantId, replay!.RedeemedGrantId);
        Assert.Equal(now, replay.RedeemedAt);
    }

    [Fact]
    public async Task Code_Get_ReturnsNull_WhenExpiredOrNotAKey()
    {
        var code = NewCode();
        await Stores.Codes.CreateAsync(code, CancellationToken.None);
        Time.Advance(code.ExpiresAt - Time.GetUtcNow());

        Assert.Null(await Stores.Codes.GetAsync(code.CodeHash, CancellationToken.None));
        Assert.Null(await Stores.Codes.GetAsync("x/y", CancellationToken.None));
    }

    // ---- Grants ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Grant_CreateThenGet_RoundTripsEveryField()
    {
        var grant = NewGrant() with
        {
            ClaimsJson = """{"name":"Ada"}""",
            PreviousRefreshTokenHash = OAuthSecrets.Hash("previous"),
            PreviousValidUntil = Time.GetUtcNow().AddSeconds(60),
            LastRotationResponseProtected = "CfDJ8rotation",
            UpstreamRefreshTokenProtected = "CfDJ8upstream",
            RetiredRefreshTokenHashes = [OAuthSecrets.Hash("oldest")[..GrantRecord.RetiredHashLength], OAuthSecrets.Hash("older")[..GrantRecord.RetiredHashLength]],
        };

        var created = await Stores.Grants.CreateAsync(grant, CancellationToken.None);
        var read = await Stores.Grants.GetAsync(grant.GrantId, CancellationToken.None);

        AssertSame(grant with { ETag = created.Value!.ETag }, created.Value);
        AssertSame(created.Value, read);
    }

    [Fact]
    public async Task Grant_RemembersAMonthOfHourlyRotations_AtTheCap()
    {
        var retired = Enumerable.Range(0, GrantRecord.MaxRetiredHashes).Select(i => OAuthSecrets.Hash("token-" + i)[..GrantRecord.RetiredHashLength]).ToList();
        var created = (await Stores.Grants.CreateAsync(NewGrant(), CancellationToken.None)).Value!;

        var updated = await Stores.Grants.UpdateAsync(created with { RetiredRefreshTokenHashes = retired }, CancellationToken.None);
        var read = await Stores.Grants.GetAsync(created.GrantId, CancellationToken.None);

        Assert.True(updated.Succeeded);
        Assert.Equal(retired, read!.RetiredRefreshTokenHashes);
    }

    [Fact]
    public async Task Grant_Rotate_ExactlyOneOfTwoConcurrentRotationsWins()
    {
        var created = (await Stores.Grants.CreateAsync(NewGrant(), CancellationToken.None)).Value!;

        var results = await Task.WhenAll(
            Task.Run(() => Stores.Grants.UpdateAsync(created with { RefreshTokenHash = OAuthSecrets.Hash("a"), PreviousRefreshTokenHash = created.RefreshTokenHash }, CancellationToken.None)),
            Task.Run(() => Stores.Grants.UpdateAsync(created with { RefreshTokenHash = OAuthSecrets.Hash("b"), PreviousRefreshTokenHash = created.RefreshTokenHash }, CancellationToken.None)));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(StoreWriteStatus.PreconditionFailed, Assert.Single(results, r => !r.Succeeded).Status);
        Assert.Equal(winner.Value!.RefreshTokenHash, (await Stores.Grants.GetAsync(created.GrantId, CancellationToken.None))!.RefreshTokenHash);
    }

    [Fact]
    public async Task Grant_Revoke_MarksTheGrant_AndAStaleRotationCannotUndoIt()
    {
        var created = (await Stores.Grants.CreateAsync(NewGrant(), CancellationToken.None)).Value!;
        Time.Advance(TimeSpan.FromSeconds(5));

        var revoked = await Stores.Grants.RevokeAsync(created.GrantId, CancellationToken.None);
        var staleRotation = await Stores.Grants.UpdateAsync(created with { RefreshTokenHash = OAuthSecrets.Hash("new") }, CancellationToken.None);
        var read = await Stores.Grants.GetAsync(created.GrantId, CancellationToken.None);

        Assert.True(revoked);
        Assert.Equal(StoreWriteStatus.PreconditionFailed, staleRotation.Status);
        Assert.True(read!.Revoked);
        Assert.Equal(Time.GetUtcNow(), read.UpdatedAt);
        Assert.Equal(created.RefreshTokenHash, read.RefreshTokenHash);
        Assert.True(await Stores.Grants.RevokeAsync(created.GrantId, CancellationToken.None));
    }

    [Fact]
    public async Task Grant_Revoke_ReturnsFalse_WhenNoLiveGrant()
    {
        var grant = NewGrant();
        await Stores.Grants.CreateAsync(grant, CancellationToken.None);
        Time.Advance(grant.ExpiresAt - Time.GetUtcNow());

        Assert.False(await Stores.Grants.RevokeAsync(grant.GrantId, CancellationToken.None));
        Assert.False(await Stores.Grants.RevokeAsync(OAuthSecrets.NewId(), CancellationToken.None));
        Assert.Null(await Stores.Grants.GetAsync(grant.GrantId, CancellationToken.None));
        Assert.Null(await Stores.Grants.GetAsync("not/a/key", CancellationToken.None));
    }

    // ---- Signing keys ---------------------------------------------------------------------------------------

    [Fact]
    public async Task SigningKey_List_ReturnsLiveKeysNewestGenerationFirst()
    {
        var newest = NewSigningKey(3);
        await Stores.SigningKeys.CreateAsync(NewSigningKey(1), CancellationToken.None);
        await Stores.SigningKeys.CreateAsync(newest, CancellationToken.None);
        await Stores.SigningKeys.CreateAsync(NewSigningKey(2) with { ExpiresAt = Time.GetUtcNow().AddMinutes(1) }, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));

        var keys = await Stores.SigningKeys.ListAsync(CancellationToken.None);

        Assert.Equal([3L, 1L], keys.Select(k => k.Generation));
        AssertSame(newest with { ETag = keys[0].ETag }, keys[0]);
    }

    [Fact]
    public async Task SigningKey_Create_OneWinnerPerGeneration_ButAnExpiredGenerationIsFree()
    {
        var first = await Stores.SigningKeys.CreateAsync(NewSigningKey(1, "kid-a") with { ExpiresAt = Time.GetUtcNow().AddDays(1) }, CancellationToken.None);
        var rival = await Stores.SigningKeys.CreateAsync(NewSigningKey(1, "kid-b"), CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(1));
        var afterExpiry = await Stores.SigningKeys.CreateAsync(NewSigningKey(1, "kid-c"), CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, first.Status);
        Assert.Equal(StoreWriteStatus.Conflict, rival.Status);
        Assert.Equal(StoreWriteStatus.Success, afterExpiry.Status);
        Assert.Equal("kid-c", Assert.Single(await Stores.SigningKeys.ListAsync(CancellationToken.None)).KeyId);
    }

    // ---- Builders -------------------------------------------------------------------------------------------

    internal OAuthClientRecord NewClient(string clientId) => new()
    {
        ClientId = clientId,
        Kind = ClientRegistrationKind.Dynamic,
        RedirectUris = ["https://claude.ai/api/mcp/auth_callback"],
        CreatedAt = Time.GetUtcNow(),
        LastUsedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow().AddDays(90),
    };

    internal PendingAuthorizationRecord NewPending() => new()
    {
        StateHash = OAuthSecrets.Hash(OAuthSecrets.NewSecret()),
        ClientId = OAuthSecrets.NewId(),
        RedirectUri = "http://127.0.0.1:33418/callback",
        CodeChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        Scopes = ["mcp:read", "mcp:execute"],
        Resource = "https://mcp.example.test/mcp",
        UpstreamCodeVerifierProtected = "CfDJ8verifier",
        UpstreamNonce = OAuthSecrets.NewSecret(),
        CreatedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow().AddMinutes(10),
    };

    internal AuthorizationCodeRecord NewCode() => new()
    {
        CodeHash = OAuthSecrets.Hash(OAuthSecrets.NewSecret()),
        ClientId = OAuthSecrets.NewId(),
        RedirectUri = "https://claude.ai/api/mcp/auth_callback",
        CodeChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        Scopes = ["mcp:read"],
        Resource = "https://mcp.example.test/mcp",
        Subject = "auth0|user 'one'",
        CreatedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow().AddMinutes(5),
    };

    internal GrantRecord NewGrant() => new()
    {
        GrantId = OAuthSecrets.NewId(),
        ClientId = OAuthSecrets.NewId(),
        Subject = "user-1",
        Scopes = ["mcp:read", "mcp:execute"],
        Resource = "https://mcp.example.test/mcp",
        RefreshTokenHash = OAuthSecrets.Hash("refresh"),
        CreatedAt = Time.GetUtcNow(),
        UpdatedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow().AddDays(30),
    };

    internal SigningKeyRecord NewSigningKey(long generation, string? keyId = null) => new()
    {
        KeyId = keyId ?? "kid-" + generation,
        Generation = generation,
        Algorithm = "RS256",
        PrivateKeyProtected = "CfDJ8key" + generation,
        CreatedAt = Time.GetUtcNow(),
        RetireAt = Time.GetUtcNow().AddDays(30),
        ExpiresAt = Time.GetUtcNow().AddDays(31),
    };

    /// <summary>Records hold lists, which records compare by reference: compare every field by value instead.</summary>
    internal static void AssertSame<T>(T expected, T? actual)
        where T : class
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }
}
