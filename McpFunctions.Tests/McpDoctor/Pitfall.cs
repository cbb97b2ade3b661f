namespace McpFunctions.Tests.McpDoctor;

/// <summary>One broken behaviour the test server can be switched into: one pitfall from the seeds or from real traffic.</summary>
public enum Pitfall
{
    None,
    Get501,
    RelativeResourceMetadata,
    MissingRootProtectedResource,
    ChallengeWithoutScope,
    ResourceMismatch,
    OnlyOpenIdConfiguration,
    MissingS256,
    NoNoneAuthMethod,
    RegistrationRejectsClaudeBody,
    ExpiresInString,
    NoRefreshToken,
    PreviousRefreshTokenRefused,
    WrongAudience,
    HeadWithoutVersion,
    InitializedAnswers200,
    SessionIdNotExposed,
    PreflightRefused,
    ExpiredSession400,
    VersionHeaderIntolerant,
    BodyVersionLosesToHeader,
}
