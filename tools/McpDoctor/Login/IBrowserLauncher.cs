namespace McpDoctor.Login;

/// <summary>Sends the user (or, in tests, a headless browser) to the authorization URL.</summary>
internal interface IBrowserLauncher
{
    Task OpenAsync(Uri authorizationUrl, CancellationToken cancellationToken);
}
