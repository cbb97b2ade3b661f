namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>One request the headless browser made.</summary>
internal sealed record BrowserStep(string Method, Uri Url, int Status);
