using Microsoft.Extensions.Options;

namespace McpFunctions.Mcp;

/// <summary>Fails start-up with a message that says what to set when the endpoint settings cannot work.</summary>
internal sealed class McpEndpointOptionsValidator : IValidateOptions<McpEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, McpEndpointOptions options)
    {
        var failures = new List<string>();
        foreach (var path in options.Paths)
        {
            if (!path.StartsWith('/') || path.Contains('?') || path.Contains('#'))
            {
                failures.Add($"Mcp:Paths entry '{path}' must be an absolute path such as '/mcp'.");
            }
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 64L * 1024 * 1024)
        {
            failures.Add("Mcp:MaxRequestBodyBytes must be between 1024 and 67108864.");
        }

        if (options.SessionIdleTimeout < TimeSpan.FromMinutes(1))
        {
            failures.Add("Mcp:SessionIdleTimeout must be at least one minute.");
        }

        if (options.SessionTouchInterval <= TimeSpan.Zero || options.SessionTouchInterval >= options.SessionIdleTimeout)
        {
            failures.Add("Mcp:SessionTouchInterval must be positive and shorter than Mcp:SessionIdleTimeout.");
        }

        if (options.PublicBaseUrl is { Length: > 0 } baseUrl
            && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query)))
        {
            failures.Add($"Mcp:PublicBaseUrl '{baseUrl}' must be an absolute http(s) URL with no path, e.g. https://my-app.azurewebsites.net.");
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (!OriginPattern.TryParse(origin, out _))
            {
                failures.Add($"Mcp:AllowedOrigins entry '{origin}' must be an origin such as https://claude.ai or http://localhost:*.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
