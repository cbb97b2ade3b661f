namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// The token endpoint's log events, shared by its grant steps (<see cref="AuthorizationCodeGrant"/>,
/// <see cref="RefreshTokenGrant"/>), which log under the endpoint's category.
/// </summary>
internal static partial class TokenEndpointLog
{
    [LoggerMessage(EventId = 5530, Level = LogLevel.Information, Message = "Tokens issued for subject {Subject} to client {ClientId} (grant {GrantId}): scope {Scope}")]
    public static partial void CodeRedeemed(ILogger logger, string subject, string clientId, string grantId, string scope);

    [LoggerMessage(EventId = 5531, Level = LogLevel.Information, Message = "Refresh token rotated for subject {Subject}, client {ClientId} (grant {GrantId})")]
    public static partial void Refreshed(ILogger logger, string subject, string clientId, string grantId);

    [LoggerMessage(EventId = 5532, Level = LogLevel.Information, Message = "Refresh with the just-rotated token within the grace period for subject {Subject}, client {ClientId} (grant {GrantId}): same new tokens returned")]
    public static partial void RefreshWithinGrace(ILogger logger, string subject, string clientId, string grantId);

    [LoggerMessage(EventId = 5533, Level = LogLevel.Warning, Message = "Refresh token reused after rotation for subject {Subject}, client {ClientId}: grant {GrantId} revoked")]
    public static partial void RefreshReuse(ILogger logger, string subject, string clientId, string grantId);

    [LoggerMessage(EventId = 5534, Level = LogLevel.Warning, Message = "Authorization code replayed by client {ClientId}: grant {GrantId} revoked")]
    public static partial void CodeReplayed(ILogger logger, string clientId, string grantId);

    [LoggerMessage(EventId = 5535, Level = LogLevel.Warning, Message = "Client {ClientId} presented a refresh token of client {OwnerClientId}: refused")]
    public static partial void ForeignRefreshToken(ILogger logger, string clientId, string ownerClientId);

    [LoggerMessage(EventId = 5536, Level = LogLevel.Information, Message = "Client {ClientId} presented a code issued for another {Mismatch}: refused")]
    public static partial void CodeMismatch(ILogger logger, string clientId, string mismatch);

    [LoggerMessage(EventId = 5538, Level = LogLevel.Information, Message = "Refresh with the previous token for subject {Subject}, client {ClientId} (grant {GrantId}): the current one was never used, so it is retired and the tokens rotate again")]
    public static partial void RefreshWithPreviousToken(ILogger logger, string subject, string clientId, string grantId);

    [LoggerMessage(EventId = 5539, Level = LogLevel.Information, Message = "Client {ClientId} presented a refresh token for grant {GrantId} with a secret it never issued: refused, grant kept")]
    public static partial void UnknownRefreshSecret(ILogger logger, string clientId, string grantId);

    [LoggerMessage(EventId = 5537, Level = LogLevel.Information, Message = "Token request refused: {Error} {Description}")]
    public static partial void Refused(ILogger logger, string error, string description);
}
