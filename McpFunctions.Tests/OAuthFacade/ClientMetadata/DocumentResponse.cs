namespace McpFunctions.Tests.OAuthFacade.ClientMetadata;

/// <summary>How the test document host answers one path.</summary>
internal sealed record DocumentResponse(int Status = 200, string? Body = null, TimeSpan Delay = default, string? CacheControl = null, string? Location = null);
