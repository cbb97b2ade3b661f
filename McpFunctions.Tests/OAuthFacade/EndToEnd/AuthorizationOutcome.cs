using System.Text.Json;

namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>A completed authorization: the code and verifier used, the tokens, and the upstream callback URL the browser passed.</summary>
internal sealed record AuthorizationOutcome(string Code, string Verifier, string AccessToken, string RefreshToken, JsonElement TokenResponse, Uri? UpstreamCallback);
