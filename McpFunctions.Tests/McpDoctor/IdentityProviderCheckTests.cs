using System.Text.Json.Nodes;
using McpDoctor;
using McpDoctor.Checks;
using McpDoctor.Findings;
using McpDoctor.Http;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// Identity-provider pitfalls recognised from real metadata shapes (Entra ID's and Auth0's issuers cannot be served
/// on loopback, so the check runs on the discovered metadata directly), and the well-known addresses tried per issuer.
/// </summary>
public sealed class IdentityProviderCheckTests
{
    [Fact]
    public async Task Entra_MultiTenantMetadata_NamesPlaceholderIssuer_MissingS256_AndNoRegistration()
    {
        var findings = await RunAsync("""
            {"issuer":"https://login.microsoftonline.com/{tenantid}/v2.0","authorization_endpoint":"https://login.microsoftonline.com/common/oauth2/v2.0/authorize","token_endpoint":"https://login.microsoftonline.com/common/oauth2/v2.0/token"}
            """);

        Assert.Equal(["idp.entra-issuer", "idp.entra-pkce", "idp.entra-registration"], findings.Select(f => f.Id));
        Assert.All(findings, f => Assert.Equal(Outcome.Fail, f.Outcome));
        Assert.Contains("façade", findings[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_V1Issuer_IsAWarning()
    {
        var findings = await RunAsync("""
            {"issuer":"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/","authorization_endpoint":"https://login.microsoftonline.com/x/oauth2/authorize","code_challenge_methods_supported":["S256"],"registration_endpoint":"https://example.test/register"}
            """);

        var finding = Assert.Single(findings);
        Assert.Equal(("idp.entra-issuer", Outcome.Warn), (finding.Id, finding.Outcome));
    }

    [Fact]
    public async Task Auth0_WithAnOpaqueToken_NamesTheMissingDefaultAudience()
    {
        var findings = await RunAsync("""{"issuer":"https://tenant.us.auth0.com/","authorization_endpoint":"https://tenant.us.auth0.com/authorize"}""", token: "opaque-token-value");

        var finding = Assert.Single(findings);
        Assert.Equal(("idp.auth0-audience", Outcome.Fail), (finding.Id, finding.Outcome));
        Assert.Contains("Default Audience", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth0_WithAJwtForTheResource_HasNoPitfall()
    {
        var findings = await RunAsync("""{"issuer":"https://tenant.us.auth0.com/","authorization_endpoint":"https://tenant.us.auth0.com/authorize"}""",
            token: "t", claims: new JsonObject { ["aud"] = "https://mcp.example.com/mcp" });

        Assert.Equal(("idp.known", Outcome.Pass), (Assert.Single(findings).Id, findings[0].Outcome));
    }

    [Fact]
    public async Task ApiAudience_IsNamed()
    {
        var findings = await RunAsync("""{"issuer":"https://idp.example.com","authorization_endpoint":"https://idp.example.com/authorize"}""",
            token: "t", claims: new JsonObject { ["aud"] = "api://5e3ce6c0-2b1f-4285-8d4b-75ee78787346" });

        Assert.Equal(("idp.api-audience", Outcome.Fail), (Assert.Single(findings).Id, findings[0].Outcome));
    }

    [Theory]
    [InlineData("https://as.example.com", "/.well-known/oauth-authorization-server|/.well-known/openid-configuration")]
    [InlineData("https://as.example.com/tenant1", "/.well-known/oauth-authorization-server/tenant1|/.well-known/openid-configuration/tenant1|/tenant1/.well-known/openid-configuration")]
    public void MetadataAddresses_FollowRfc8414PathInsertion_ThenOpenIdConnect(string issuer, string expected)
    {
        Assert.Equal(expected.Split('|'), DiscoveryCheck.Candidates(new Uri(issuer)).Select(u => u.AbsolutePath));
    }

    private static async Task<List<Finding>> RunAsync(string metadata, string? token = null, JsonObject? claims = null)
    {
        var endpoint = new Uri("https://mcp.example.com/mcp");
        var tokens = new TokenHolder { AccessToken = token };
        using var http = new ProbeHttp(endpoint, tokens, new ProbeLimits());
        var context = new DoctorContext(new DoctorSettings(endpoint), http, tokens)
        {
            AuthRequired = true,
            AuthorizationServer = JsonNode.Parse(metadata)!.AsObject(),
            AccessTokenClaims = claims,
        };

        await new IdentityProviderCheck().RunAsync(context, CancellationToken.None);

        return [.. context.Findings];
    }
}
