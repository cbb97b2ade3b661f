using McpFunctions.OAuthFacade.Stores;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary><see cref="RefreshTokenReplayTests"/> on the in-memory grant store.</summary>
public sealed class InMemoryRefreshTokenReplayTests : RefreshTokenReplayTests
{
    protected override Type ExpectedGrantStore => typeof(InMemoryGrantStore);

    protected override Dictionary<string, string?> Settings() => [];
}
