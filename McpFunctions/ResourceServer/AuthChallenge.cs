namespace McpFunctions.ResourceServer;

/// <summary>Why the resource server refused a request; the caller renders it in its own protocol.</summary>
internal enum AuthChallengeKind
{
    /// <summary>401: no usable token (RFC 6750 §3.1).</summary>
    Unauthorized,

    /// <summary>403 <c>insufficient_scope</c>: a valid token without the scopes the operation needs (step-up).</summary>
    InsufficientScope,

    /// <summary>503: the token could not be checked right now (the authorization server is unreachable).</summary>
    Unavailable,
}

/// <summary>
/// A refusal as HTTP states it: the status, the <c>WWW-Authenticate</c> value (RFC 6750 §3, RFC 9728 §5.1; null on 503),
/// <c>Retry-After</c> seconds on 503, and the <c>error_description</c> when there is one. Knows nothing of MCP.
/// </summary>
internal sealed record AuthChallenge(AuthChallengeKind Kind, int StatusCode, string? WwwAuthenticate, string? Description, int? RetryAfterSeconds = null);
