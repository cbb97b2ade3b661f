using System.Net;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Xunit.Abstractions;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// Redirect URIs are compared as strings (OAuth 2.1 §4.1.1, RFC 9700 §2.1), only a loopback URI's port is free
/// (RFC 8252 §7.3), and user information is always refused. Generated: every alternative spelling of a registered
/// loopback and https URI that a URI parser would read as the same address, at /authorize and at registration.
/// </summary>
public sealed class RedirectUriExactnessTests(ITestOutputHelper output)
{
    private const string Loopback = "http://127.0.0.1:33333/cb";
    private const string Https = "https://claude.ai/api/mcp/auth_callback";

    /// <summary>Spellings the URI parser folds into <paramref name="registered"/>'s address; none may match it.</summary>
    public static IEnumerable<string> Spoofs(string registered) => AllSpellings(registered).Where(s => s != registered).Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> AllSpellings(string registered)
    {
        var scheme = registered[..registered.IndexOf(':', StringComparison.Ordinal)];
        var rest = registered[(scheme.Length + 3)..];
        var host = rest.Split('/', 2)[0].Split(':')[0];
        var afterHost = rest[host.Length..];
        yield return scheme.ToUpperInvariant() + "://" + rest;
        yield return char.ToUpperInvariant(scheme[0]) + scheme[1..] + "://" + rest;
        yield return scheme + "://" + host.ToUpperInvariant() + afterHost;
        yield return scheme + "://evil@" + rest;
        yield return scheme + "://evil:pw@" + rest;
        yield return scheme + "://@" + rest;
        yield return scheme + "://" + host + "." + afterHost;
        if (host == "127.0.0.1")
        {
            foreach (var alias in new[] { "2130706433", "127.1", "127.0.1", "0x7f000001", "0177.0.0.1", "0x7f.0.0.1", "127.000.000.001", "[::ffff:127.0.0.1]", "localhost", "[::1]" })
            {
                yield return scheme + "://" + alias + afterHost;
            }
        }

        yield return registered.Replace("/cb", "/CB", StringComparison.Ordinal).Replace("/auth_callback", "/AUTH_CALLBACK", StringComparison.Ordinal);
        yield return registered.Replace("://" + host, "://" + host + ":443", StringComparison.Ordinal);
        yield return registered + "/";
        yield return registered + "?";
        yield return registered + "#";
        yield return registered.Replace("/cb", "/%63b", StringComparison.Ordinal).Replace("/auth_callback", "/%61uth_callback", StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_RefusesEverySpelling_ButTheLoopbackPort()
    {
        var cases = Spoofs(Loopback).Concat(Spoofs(Https)).ToList();

        Assert.All(Spoofs(Loopback), s => Assert.False(RedirectUriPolicy.Matches(Loopback, s), s));
        Assert.All(Spoofs(Https), s => Assert.False(RedirectUriPolicy.Matches(Https, s), s));
        Assert.True(RedirectUriPolicy.Matches(Loopback, "http://127.0.0.1:44444/cb"));
        Assert.True(RedirectUriPolicy.Matches(Loopback, "http://127.0.0.1/cb"));
        Assert.True(RedirectUriPolicy.Matches("http://[::1]:1/cb", "http://[::1]:2/cb"));
        Assert.True(RedirectUriPolicy.Matches(Https, Https));
        Assert.False(RedirectUriPolicy.Matches(Https, "https://claude.ai:444/api/mcp/auth_callback"));
        Assert.False(RedirectUriPolicy.Matches("http://evil@127.0.0.1:1/cb", "http://evil@127.0.0.1:1/cb"));
        output.WriteLine($"{cases.Count} spellings refused");
    }

    [Fact]
    public async Task AuthorizeAndRegistration_RefuseEverySpelling_WithAPageOrInvalidRedirectUri()
    {
        await using var environment = await FacadeEnvironment.StartDevelopmentAsync(new Dictionary<string, string?> { ["Facade:RegistrationsPerMinute"] = "1000" });
        var client = new OAuthTestClient(environment.App);
        var failures = new List<string>();
        var cases = 0;
        foreach (var registered in new[] { Loopback, Https })
        {
            var clientId = await client.RegisterPublicClientAsync(registered);
            var (_, challenge) = OAuthTestClient.NewPkce();
            foreach (var spoof in Spoofs(registered))
            {
                cases++;
                using var response = await environment.App.Client.GetAsync(client.AuthorizeUrl(clientId, spoof, challenge));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || response.Headers.Location is not null || response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    failures.Add($"authorize {spoof}: {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        foreach (var spoof in Spoofs(Loopback).Where(s => !s.Contains("[::1]", StringComparison.Ordinal) && !s.Contains("localhost", StringComparison.Ordinal) && !s.EndsWith('/') && !s.EndsWith('?') && !s.Contains("/CB", StringComparison.Ordinal) && !s.Contains("%63", StringComparison.Ordinal) && !s.Contains(":443", StringComparison.Ordinal)))
        {
            cases++;
            var (status, body, _) = await client.RegisterAsync($$"""{"redirect_uris":[{{System.Text.Json.JsonSerializer.Serialize(spoof)}}],"token_endpoint_auth_method":"none"}""");
            if (status != 400 || body.GetProperty("error").GetString() is not ("invalid_redirect_uri" or "invalid_client_metadata"))
            {
                failures.Add($"register {spoof}: {status}");
            }
        }

        output.WriteLine($"{cases} generated cases, {failures.Count} failures.");
        Assert.Empty(failures);
    }
}
