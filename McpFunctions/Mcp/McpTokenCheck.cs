using System.Security.Claims;
using McpFunctions.ResourceServer;

namespace McpFunctions.Mcp;

/// <summary>
/// Enforces the token column of an <see cref="McpAccessDecision"/>: asks the resource server to authenticate the
/// request for its MCP path and the decision's scopes, and turns a refusal into the transport's error.
/// </summary>
internal sealed class McpTokenCheck(RequestAuthenticator authenticator)
{
    public async Task<(ValidatedToken? Token, McpHttpError? Error)> EnforceAsync(HttpContext context, McpAccessDecision decision, CancellationToken cancellationToken)
    {
        if (!decision.NeedsToken)
        {
            return (null, null);
        }

        var result = await authenticator.AuthenticateAsync(context.Request, ResourcePath(context.Request), decision.RequiredScopes, cancellationToken);
        if (result.Challenge is { } challenge)
        {
            return (null, McpHttpError.FromChallenge(challenge));
        }

        var validated = result.Token!;
        context.User = validated.Principal.Identity?.IsAuthenticated == true
            ? validated.Principal
            : new ClaimsPrincipal(new ClaimsIdentity(validated.Principal.Claims, "Bearer"));
        return (validated, null);
    }

    /// <summary>The MCP path a request came on, which names its protected resource.</summary>
    public static string ResourcePath(HttpRequest request) =>
        request.Path.HasValue && request.Path.Value != "/" ? request.Path.Value!.TrimEnd('/') : "/";
}
