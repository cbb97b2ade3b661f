using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>Registration is open to anyone, so it is limited per client address.</summary>
public sealed class RegistrationRateLimitTests
{
    [Fact]
    public async Task Register_BeyondRegistrationsPerMinute_Answers429WithRetryAfter_AndStoresNothing()
    {
        await using var env = await FacadeEnvironment.StartDevelopmentAsync(new Dictionary<string, string?> { ["Facade:RegistrationsPerMinute"] = "2" });
        var client = new OAuthTestClient(env.App);
        await client.RegisterPublicClientAsync();
        await client.RegisterPublicClientAsync();

        var (status, body, response) = await client.RegisterAsync("""{"token_endpoint_auth_method":"none","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}""");

        Assert.Equal(429, status);
        Assert.Equal("60", response.Headers.RetryAfter?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(body.TryGetProperty("client_id", out _));
    }
}
