using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>
/// RFC 7592 client registration management: the registration response carries <c>registration_client_uri</c> and
/// <c>registration_access_token</c> (a client broke without them: twentyhq/twenty#19858), and that endpoint reads and
/// deletes the registration with that token, refusing everything else with the RFC's errors.
/// </summary>
public sealed class ClientConfigurationEndpointTests(OidcFacadeFixture fixture) : IClassFixture<OidcFacadeFixture>
{
    private const string ClaudeRegistration = """
        {"client_name":"claudeai","grant_types":["authorization_code","refresh_token"],"response_types":["code"],
         "token_endpoint_auth_method":"none","scope":"claudeai","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}
        """;

    private FacadeTestApp App => fixture.Environment.App;

    private OAuthTestClient Client => new(App);

    [Fact]
    public async Task Register_ReturnsTheConfigurationEndpointAndItsToken_StoringOnlyTheTokensHash()
    {
        var (status, body, _) = await Client.RegisterAsync(ClaudeRegistration);

        Assert.Equal(201, status);
        var clientId = body.GetProperty("client_id").GetString()!;
        var uri = body.GetProperty("registration_client_uri").GetString()!;
        var token = body.GetProperty("registration_access_token").GetString()!;
        Assert.Equal(App.Issuer + "/register/" + Uri.EscapeDataString(clientId), uri);
        Assert.True(token.Length >= 43);
        var stored = await App.Services.GetRequiredService<IOAuthClientStore>().GetAsync(clientId, default);
        Assert.Equal(OAuthSecrets.Hash(token), stored!.RegistrationAccessTokenHash);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithTheToken_ReturnsTheClientInformation()
    {
        var (clientId, uri, token) = await RegisterAsync();

        using var response = await SendAsync(HttpMethod.Get, uri, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(clientId, body.GetProperty("client_id").GetString());
        Assert.Equal("claudeai", body.GetProperty("client_name").GetString());
        Assert.Equal("""["https://claude.ai/api/mcp/auth_callback"]""", body.GetProperty("redirect_uris").GetRawText());
        Assert.Equal("none", body.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal(uri, body.GetProperty("registration_client_uri").GetString());
        Assert.Equal(token, body.GetProperty("registration_access_token").GetString());
        Assert.False(body.TryGetProperty("client_secret", out _));
    }

    [Fact]
    public async Task Delete_WithTheToken_RemovesTheRegistration_AndItCanNoLongerGetTokens()
    {
        var (clientId, uri, token) = await RegisterAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);

        using var deleted = await SendAsync(HttpMethod.Delete, uri, token);
        using var readAfter = await SendAsync(HttpMethod.Get, uri, token);
        var (refreshStatus, refreshBody, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await App.Services.GetRequiredService<IOAuthClientStore>().GetAsync(clientId, default));
        Assert.Equal(HttpStatusCode.Unauthorized, readAfter.StatusCode);
        Assert.Equal(401, refreshStatus);
        Assert.Equal("invalid_client", refreshBody.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    public async Task WithoutAToken_Is401_WithABearerChallengeAndNoErrorCode(string method)
    {
        var (_, uri, _) = await RegisterAsync();

        using var response = await SendAsync(new HttpMethod(method), uri, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task EveryWrongToken_AndEveryUnknownClient_Is401InvalidToken_AndDeletesNothing()
    {
        var (clientId, uri, token) = await RegisterAsync();
        var (_, otherUri, otherToken) = await RegisterAsync();
        var wrong = new List<(string Uri, string Token)>
        {
            (uri, otherToken),
            (otherUri, token),
            (uri, token[..^1]),
            (uri, token.ToUpperInvariant()),
            (uri, token + "A"),
            (App.Issuer + "/register/" + OAuthSecrets.NewId(), token),
            (App.Issuer + "/register/" + Uri.EscapeDataString("https://example.com/client.json"), token),
        };

        foreach (var (target, presented) in wrong)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
            {
                using var response = await SendAsync(method, target, presented);

                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("invalid_token", body.GetProperty("error").GetString());
            }
        }

        Assert.NotNull(await App.Services.GetRequiredService<IOAuthClientStore>().GetAsync(clientId, default));
    }

    [Fact]
    public async Task Put_WithTheToken_Is403_AndChangesNothing()
    {
        var (clientId, uri, token) = await RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, uri)
        {
            Content = new StringContent(ClaudeRegistration.Replace("claudeai\",\"grant", "renamed\",\"grant", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await App.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
        Assert.Equal("claudeai", (await App.Services.GetRequiredService<IOAuthClientStore>().GetAsync(clientId, default))!.ClientName);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task OtherMethods_Are405_ListingTheSupportedOnes(string method)
    {
        var (_, uri, token) = await RegisterAsync();

        using var response = await SendAsync(new HttpMethod(method), uri, token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, PUT, DELETE", string.Join(", ", response.Content.Headers.Allow));
    }

    private async Task<(string ClientId, string Uri, string Token)> RegisterAsync()
    {
        var (status, body, _) = await Client.RegisterAsync(ClaudeRegistration);
        Assert.Equal(201, status);
        return (body.GetProperty("client_id").GetString()!, body.GetProperty("registration_client_uri").GetString()!, body.GetProperty("registration_access_token").GetString()!);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string uri, string? token)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await App.Client.SendAsync(request);
    }
}
