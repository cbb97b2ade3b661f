using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Storage;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary><see cref="RefreshTokenReplayTests"/> on the in-memory grant store.</summary>
public sealed class InMemoryRefreshTokenReplayTests : RefreshTokenReplayTests
{
    protected override Type ExpectedGrantRecords => typeof(InMemoryExpiringRecordSet<GrantRecord>);

    protected override Dictionary<string, string?> Settings() => [];
}
