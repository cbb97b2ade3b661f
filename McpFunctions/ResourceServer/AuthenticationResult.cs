namespace McpFunctions.ResourceServer;

/// <summary>The resource server's answer about one request: the validated token, or the challenge to send instead.</summary>
internal sealed record AuthenticationResult(ValidatedToken? Token, AuthChallenge? Challenge)
{
    public static AuthenticationResult Accepted(ValidatedToken token) => new(token, null);

    public static AuthenticationResult Refused(AuthChallenge challenge) => new(null, challenge);
}
