using System.Buffers.Text;
using System.Security.Cryptography;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Sessions;

/// <summary>
/// What every <see cref="ISessionStore"/> must do, run against each implementation by a subclass,
/// so the in-memory store used locally cannot drift from the Table store used on Azure.
/// </summary>
public abstract class SessionStoreContractTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    private ISessionStore? _store;

    /// <summary>The clock the store judges expiry by; tests move it.</summary>
    /// <remarks>Starts at a time with sub-second ticks, so a store that truncates timestamps fails the round trip.</remarks>
    internal ManualTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567));

    internal ISessionStore Store => _store ??= CreateStore(Time);

    internal abstract ISessionStore CreateStore(TimeProvider timeProvider);

    [Fact]
    public async Task Create_ThenGet_RoundTripsEveryField()
    {
        var session = NewSession() with
        {
            ClientName = "claude-ai",
            ClientVersion = "0.1.0",
            ClientCapabilitiesJson = """{"roots":{"listChanged":true},"sampling":{}}""",
            Initialized = true,
            Subject = "auth0|abc 'quoted'",
        };

        var created = await Store.CreateAsync(session, CancellationToken.None);
        var read = await Store.GetAsync(session.Id, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, created.Status);
        Assert.False(string.IsNullOrEmpty(created.Value!.ETag));
        Assert.Equal(session with { ETag = created.Value.ETag }, created.Value);
        Assert.Equal(created.Value, read);
    }

    [Fact]
    public async Task Create_ThenGet_KeepsOptionalFieldsAbsent()
    {
        var session = NewSession();

        await Store.CreateAsync(session, CancellationToken.None);
        var read = await Store.GetAsync(session.Id, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Null(read.ClientName);
        Assert.Null(read.ClientVersion);
        Assert.Null(read.ClientCapabilitiesJson);
        Assert.Null(read.Subject);
        Assert.False(read.Initialized);
    }

    [Fact]
    public async Task Create_ReturnsConflict_WhenIdExists()
    {
        var session = NewSession();
        await Store.CreateAsync(session, CancellationToken.None);

        var second = await Store.CreateAsync(session with { ClientName = "other" }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Conflict, second.Status);
        Assert.Null((await Store.GetAsync(session.Id, CancellationToken.None))!.ClientName);
    }

    [Fact]
    public async Task Create_Succeeds_WhenOnlyAnExpiredSessionHasTheId()
    {
        var session = NewSession();
        await Store.CreateAsync(session, CancellationToken.None);
        Time.Advance(IdleTimeout + TimeSpan.FromSeconds(1));
        var fresh = session with { ClientName = "again", CreatedAt = Time.GetUtcNow(), LastSeenAt = Time.GetUtcNow(), ExpiresAt = Time.GetUtcNow() + IdleTimeout };

        var created = await Store.CreateAsync(fresh, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, created.Status);
        Assert.Equal("again", (await Store.GetAsync(session.Id, CancellationToken.None))!.ClientName);
    }

    [Fact]
    public async Task Get_ReturnsNull_WhenSessionUnknown()
    {
        Assert.Null(await Store.GetAsync(NewId(), CancellationToken.None));
    }

    [Fact]
    public async Task Get_ReturnsNull_WhenSessionExpired()
    {
        var session = NewSession();
        await Store.CreateAsync(session, CancellationToken.None);

        Time.Advance(IdleTimeout - TimeSpan.FromTicks(1));
        var beforeExpiry = await Store.GetAsync(session.Id, CancellationToken.None);
        Time.Advance(TimeSpan.FromTicks(1));
        var atExpiry = await Store.GetAsync(session.Id, CancellationToken.None);

        Assert.NotNull(beforeExpiry);
        Assert.Null(atExpiry);
    }

    [Fact]
    public async Task Update_Succeeds_WithCurrentETag_AndReturnsNewETag()
    {
        var created = (await Store.CreateAsync(NewSession(), CancellationToken.None)).Value!;
        var touched = created with { Initialized = true, Subject = "user-1", LastSeenAt = Time.GetUtcNow().AddMinutes(1), ExpiresAt = Time.GetUtcNow().AddMinutes(31) };

        var updated = await Store.UpdateAsync(touched, CancellationToken.None);
        var read = await Store.GetAsync(created.Id, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, updated.Status);
        Assert.NotEqual(created.ETag, updated.Value!.ETag);
        Assert.Equal(touched with { ETag = updated.Value.ETag }, updated.Value);
        Assert.Equal(updated.Value, read);
    }

    [Fact]
    public async Task Update_ReturnsPreconditionFailed_WhenETagStale()
    {
        var created = (await Store.CreateAsync(NewSession(), CancellationToken.None)).Value!;
        await Store.UpdateAsync(created with { ClientName = "first" }, CancellationToken.None);

        var stale = await Store.UpdateAsync(created with { ClientName = "second" }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.PreconditionFailed, stale.Status);
        Assert.Equal("first", (await Store.GetAsync(created.Id, CancellationToken.None))!.ClientName);
    }

    [Fact]
    public async Task Update_ReturnsNotFound_AfterDelete()
    {
        var created = (await Store.CreateAsync(NewSession(), CancellationToken.None)).Value!;
        await Store.DeleteAsync(created.Id, CancellationToken.None);

        var result = await Store.UpdateAsync(created with { Initialized = true }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.NotFound, result.Status);
        Assert.Null(await Store.GetAsync(created.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Update_Throws_WhenSessionHasNoETag()
    {
        var session = NewSession();
        await Store.CreateAsync(session, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpdateAsync(session with { ETag = null }, CancellationToken.None));
    }

    [Fact]
    public async Task Update_ExactlyOneWins_WhenUpdatesRaceWithSameETag()
    {
        var created = (await Store.CreateAsync(NewSession(), CancellationToken.None)).Value!;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Store.UpdateAsync(created with { ClientName = $"writer-{i}" }, CancellationToken.None))));

        var winner = Assert.Single(results, result => result.Succeeded);
        Assert.All(results.Where(result => !result.Succeeded), result => Assert.Equal(StoreWriteStatus.PreconditionFailed, result.Status));
        Assert.Equal(winner.Value, await Store.GetAsync(created.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_ReturnsTrueThenFalse()
    {
        var session = NewSession();
        await Store.CreateAsync(session, CancellationToken.None);

        var first = await Store.DeleteAsync(session.Id, CancellationToken.None);
        var second = await Store.DeleteAsync(session.Id, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Null(await Store.GetAsync(session.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_ReturnsFalse_WhenSessionExpired()
    {
        var session = NewSession();
        await Store.CreateAsync(session, CancellationToken.None);
        Time.Advance(session.ExpiresAt - Time.GetUtcNow());

        Assert.False(await Store.DeleteAsync(session.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0090b")]
    [InlineData("")]
    public async Task Create_Throws_WhenIdIsNotAValidKey(string id)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CreateAsync(NewSession() with { Id = id }, CancellationToken.None));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("")]
    public async Task GetAndDelete_TreatIdThatCannotBeAKey_AsUnknown(string id)
    {
        // Ids arrive in the Mcp-Session-Id header: a malformed one is a client mistake (404), not a fault.
        Assert.Null(await Store.GetAsync(id, CancellationToken.None));
        Assert.False(await Store.DeleteAsync(id, CancellationToken.None));
    }

    private protected SessionRecord NewSession()
    {
        var now = Time.GetUtcNow();
        return new SessionRecord
        {
            Id = NewId(),
            ProtocolVersion = "2025-06-18",
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + IdleTimeout,
        };
    }

    /// <summary>128 random bits, URL-safe base64: the shape of a real Mcp-Session-Id.</summary>
    private protected static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
