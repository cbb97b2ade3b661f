using System.Net;
using System.Net.Http.Headers;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.EndToEnd;

/// <summary>
/// The first seed's Auth0 path: a token requested without an RFC 8707 resource indicator (Auth0 with no API
/// audience) is opaque to the app, which validates it at the provider's userinfo endpoint and caches the
/// result — so a burst of requests with one token costs the authorization server one call.
/// </summary>
[Collection(ExternalAuthorizationServerCollectionDefinition.Name)]
public sealed class ExternalAuthorizationServerUserinfoTests(ExternalAuthorizationServerFixture fixture)
{
    private const int Requests = 1_000;
    private const int Concurrency = 20;

    [Fact]
    public async Task OpaqueToken_BurstOf1000ToolCalls_MakesExactlyOneUserinfoCall_AndAllSucceed()
    {
        // Arrange: the code flow without a resource: oidc-provider issues an opaque, userinfo-audience token.
        var app = fixture.UserinfoApp;
        const string subject = "auth0-like-user";
        var client = await fixture.Provider.RegisterClientAsync([OidcProviderOptions.PublicClientRedirectUri]);
        var token = await fixture.Provider.RunAuthorizationCodeFlowAsync(
            client.ClientId, OidcProviderOptions.PublicClientRedirectUri, resource: null, "openid", subject);
        Assert.DoesNotContain('.', token.AccessToken);
        var userinfoBefore = await fixture.Provider.RequestCountAsync("/me");

        HttpRequestMessage Authorized(string body, string? sessionId)
        {
            var request = McpHttp.Post("/mcp", body, sessionId, sessionId is null ? null : "2025-06-18");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            return request;
        }

        using var init = await app.Client.SendAsync(Authorized(McpHttp.InitializeBody, null));
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        var sessionId = init.Headers.GetValues("Mcp-Session-Id").Single();
        using (var initialized = await app.Client.SendAsync(Authorized("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        }

        // Act: 1,000 tools/call, 20 at a time.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Parallel.ForEachAsync(
            Enumerable.Range(1, Requests),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = timeout.Token },
            async (id, cancellationToken) =>
            {
                using var request = Authorized("""{"jsonrpc":"2.0","id":""" + id + ""","method":"tools/call","params":{"name":"mcp_list","arguments":{}}}""", sessionId);
                using var response = await app.Client.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK || !body.Contains("\"bmi\"", StringComparison.Ordinal) || body.Contains("\"isError\":true", StringComparison.Ordinal))
                {
                    failures.Add($"{id}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
                }
            });

        // Assert
        Assert.Empty(failures);
        Assert.Equal(1, await fixture.Provider.RequestCountAsync("/me") - userinfoBefore);
        await app.WaitForLogAsync($"Token validated for subject {subject}");
        Assert.DoesNotContain(token.AccessToken, app.AllOutput, StringComparison.Ordinal);
    }
}
