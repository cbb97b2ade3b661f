using System.Text;
using System.Text.Json.Nodes;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Xunit.Abstractions;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// RFC 7591 §3.2.2: a registration body the server cannot read as client metadata is 400
/// <c>invalid_client_metadata</c>, for undecodable strings and duplicate members at every position too.
/// </summary>
public sealed class RegistrationBadJsonTests(OidcFacadeFixture fixture, ITestOutputHelper output) : IClassFixture<OidcFacadeFixture>
{
    private const string ClaudeRegistration = """
        {"client_name":"claudeai","grant_types":["authorization_code","refresh_token"],"response_types":["code"],"token_endpoint_auth_method":"none","scope":"claudeai","redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"contacts":["a@example.com"],"jwks":{"keys":[{"kty":"EC","crv":"P-256"}]}}
        """;

    [Fact]
    public async Task Register_WithABrokenStringOrDuplicateAnywhere_Is400InvalidClientMetadata()
    {
        var app = fixture.Environment.App;
        var template = JsonNode.Parse(ClaudeRegistration)!;
        var cases = JsonMutations.BrokenStringAtEveryPosition(template).Concat(JsonMutations.DuplicateInEveryObject(template)).ToList();
        var failures = new List<string>();
        foreach (var (where, body) in cases)
        {
            using var response = await app.Client.PostAsync("/register", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            var json = (int)response.StatusCode == 400 ? JsonNode.Parse(text) : null;
            if ((string?)json?["error"] != "invalid_client_metadata"
                || response.Content.Headers.ContentType?.MediaType != "application/json"
                || response.Headers.CacheControl?.NoStore != true
                || ResponseChecks.LeakProblem(text) is not null)
            {
                failures.Add($"{where}: {(int)response.StatusCode} {ResponseChecks.Shorten(text)}");
            }
        }

        output.WriteLine($"/register: {cases.Count} generated cases, {failures.Count} failures.");
        Assert.True(cases.Count > 80, $"only {cases.Count} cases");
        Assert.Empty(failures);
    }
}
