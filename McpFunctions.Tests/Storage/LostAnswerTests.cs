using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using McpFunctions.Mcp;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Storage;

/// <summary>
/// Sessions and OAuth rows are never half-written. Every store write is one entity operation, which Table Storage
/// applies whole or not at all; these tests cut the answer to every write after it reached Azurite (each attempt and
/// each retry), so the store reports storage unavailable for a write that happened, and then read the row back with a
/// healthy client: it is either absent or exactly one complete version — never some of its properties.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class LostAnswerTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly LoseWriteAnswers _cut = new();
    private readonly string _sessions = AzuriteFixture.UniqueTableName("Sessions");
    private readonly OAuthStoreOptions _oauth = new() { GrantsTableName = AzuriteFixture.UniqueTableName("Grants") };

    [Fact]
    public async Task SessionCreate_WhoseAnswerIsLost_LeavesTheWholeRow()
    {
        var (faulty, healthy) = (SessionStore(_cut), SessionStore(null));
        var session = NewSession();
        _cut.Enabled = true;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.CreateAsync(session, CancellationToken.None));

        var stored = await healthy.GetAsync(session.Id, CancellationToken.None);
        Assert.Equal(session with { ETag = stored!.ETag }, stored);
        Assert.True(_cut.Cut >= 2, "every attempt's answer should have been cut");
    }

    [Fact]
    public async Task SessionUpdate_WhoseAnswerIsLost_LeavesOneWholeVersion()
    {
        var (faulty, healthy) = (SessionStore(_cut), SessionStore(null));
        var created = (await healthy.CreateAsync(NewSession(), CancellationToken.None)).Value!;
        var updated = created with { Initialized = true, Subject = "user-1", LogLevel = "debug", LastSeenAt = created.LastSeenAt.AddMinutes(1) };
        _cut.Enabled = true;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.UpdateAsync(updated, CancellationToken.None));

        var stored = await healthy.GetAsync(created.Id, CancellationToken.None);
        Assert.NotEqual(created.ETag, stored!.ETag);
        Assert.Equal(updated with { ETag = stored.ETag }, stored);
    }

    [Fact]
    public async Task GrantCreateAndRotation_WhoseAnswersAreLost_LeaveOneWholeVersion()
    {
        var (faulty, healthy) = (GrantStore(_cut), GrantStore(null));
        var grant = NewGrant();
        _cut.Enabled = true;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.CreateAsync(grant, CancellationToken.None));
        var created = await healthy.GetAsync(grant.GrantId, CancellationToken.None);
        AssertSameRecord(grant with { ETag = created!.ETag }, created);

        var rotated = created with
        {
            RefreshTokenHash = OAuthSecrets.Hash("rotated"),
            PreviousRefreshTokenHash = created.RefreshTokenHash,
            PreviousValidUntil = _time.GetUtcNow().AddMinutes(1),
            UpdatedAt = _time.GetUtcNow().AddSeconds(1),
        };
        await Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.UpdateAsync(rotated, CancellationToken.None));
        var stored = await healthy.GetAsync(grant.GrantId, CancellationToken.None);
        AssertSameRecord(rotated with { ETag = stored!.ETag }, stored);
    }

    private SessionStore SessionStore(LoseWriteAnswers? cut) => McpFunctions.Sessions.SessionStore.InTable(Storage(cut), _sessions, _time);

    private GrantStore GrantStore(LoseWriteAnswers? cut) =>
        new(new TableExpiringRecordSet<GrantRecord>(Storage(cut), _oauth.GrantsTableName, McpFunctions.OAuthFacade.Stores.GrantStore.Schema, _time), _time);

    private TableStorage Storage(LoseWriteAnswers? cut) => azurite.CreateServiceClient(
        options: new TableStorageOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(10) },
        configureClient: cut is null ? null : options => options.AddPolicy(cut, HttpPipelinePosition.PerRetry));

    private SessionRecord NewSession()
    {
        var now = _time.GetUtcNow();
        return new SessionRecord
        {
            Id = SessionIds.New(),
            ProtocolVersion = "2025-06-18",
            ClientName = "claude-ai",
            ClientVersion = "0.1.0",
            ClientCapabilitiesJson = """{"roots":{}}""",
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now.AddHours(1),
        };
    }

    private GrantRecord NewGrant() => new()
    {
        GrantId = OAuthSecrets.NewId(),
        ClientId = OAuthSecrets.NewId(),
        Subject = "user-1",
        Scopes = ["mcp:read", "mcp:execute"],
        Resource = "https://mcp.example.test/mcp",
        RefreshTokenHash = OAuthSecrets.Hash("refresh"),
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow().AddDays(30),
    };

    // Records holding lists compare them by reference: compare every field by value.
    private static void AssertSameRecord<T>(T expected, T? actual)
        where T : class
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }

    /// <summary>Lets every write reach the service, then loses its answer (as a dropped connection would).</summary>
    private sealed class LoseWriteAnswers : HttpPipelinePolicy
    {
        private int _cut;

        public bool Enabled { get; set; }

        public int Cut => Volatile.Read(ref _cut);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The Table client sends asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (Enabled && message.Request.Method != RequestMethod.Get && !message.Request.Uri.ToUri().AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _cut);
                throw new IOException("The connection closed before the answer was read.");
            }
        }
    }
}
