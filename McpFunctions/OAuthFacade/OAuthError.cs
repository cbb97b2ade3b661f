namespace McpFunctions.OAuthFacade;

/// <summary>
/// An OAuth error as a value (RFC 6749 §4.1.2.1, §5.2; RFC 7591 §3.2.2). <see cref="Description"/> goes to the
/// client, so it names the rule that failed and never echoes a secret. The HTTP status comes from
/// <see cref="OAuthErrorWriter"/> unless <see cref="Status"/> overrides it (413, 429).
/// </summary>
internal sealed record OAuthError(string Error, string Description)
{
    public int? Status { get; init; }

    public static OAuthError InvalidRequest(string description) => new(OAuthConstants.Errors.InvalidRequest, description);

    public static OAuthError InvalidClient(string description) => new(OAuthConstants.Errors.InvalidClient, description);

    public static OAuthError InvalidGrant(string description) => new(OAuthConstants.Errors.InvalidGrant, description);

    public static OAuthError InvalidScope(string description) => new(OAuthConstants.Errors.InvalidScope, description);

    public static OAuthError InvalidTarget(string description) => new(OAuthConstants.Errors.InvalidTarget, description);

    public static OAuthError UnauthorizedClient(string description) => new(OAuthConstants.Errors.UnauthorizedClient, description);

    public static OAuthError AccessDenied(string description) => new(OAuthConstants.Errors.AccessDenied, description);

    public static OAuthError ServerError(string description) => new(OAuthConstants.Errors.ServerError, description);

    public static OAuthError TemporarilyUnavailable(string description) => new(OAuthConstants.Errors.TemporarilyUnavailable, description);

    public static OAuthError InvalidRedirectUri(string description) => new(OAuthConstants.Errors.InvalidRedirectUri, description);

    public static OAuthError InvalidClientMetadata(string description) => new(OAuthConstants.Errors.InvalidClientMetadata, description);
}
