using System.Text.Json.Nodes;
using McpFunctions.JsonRpc;
using McpFunctions.ResourceServer;
using McpFunctions.Tools;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>Applies the method policy to a whole POST body and authenticates it (shared by both eras).</summary>
internal sealed class McpRequestPolicy(RequestAuthenticator authenticator, McpToolRegistry tools)
{
    public RequestAuthenticator Authenticator => authenticator;

    public Task<(ValidatedToken? Token, McpHttpError? Error)> AuthenticateAsync(IncomingRequest request, McpEra era, CancellationToken cancellationToken)
    {
        var requirement = AccessRequirement.None;
        foreach (var message in request.Body.Messages)
        {
            requirement |= MethodPolicy.ForMessage(authenticator.Preset, era, message.Method, message.Kind is IncomingMessageKind.Request or IncomingMessageKind.Invalid);
        }

        return authenticator.AuthenticateAsync(request.Context, requirement.HasFlag(AccessRequirement.Token), ScopesFor(request.Body), cancellationToken);
    }

    /// <summary>Scopes the body's tool calls need (the tools' <see cref="RequiredScopeAttribute"/>s).</summary>
    private List<string> ScopesFor(ParsedBody parsed)
    {
        List<string>? scopes = null;
        foreach (var message in parsed.Messages)
        {
            if (message is { IsRequest: true, Method: RequestMethods.ToolsCall }
                && message.Params?["name"] is JsonValue nameValue
                && nameValue.TryGetValue<string>(out var name)
                && tools.HasTools
                && tools.TryGet(name, out var tool))
            {
                scopes ??= [];
                scopes.AddRange(tool.RequiredScopes.Where(s => !scopes.Contains(s)));
            }
        }

        return scopes ?? [];
    }
}
