namespace McpFunctions.ResourceServer;

internal enum TokenValidationStatus
{
    Valid,
    Invalid,
    Unavailable,
}

/// <summary>What validation learned about a token. <see cref="FailureReason"/> is for logs only, never sent to clients.</summary>
internal sealed record TokenValidationResult(TokenValidationStatus Status, ValidatedToken? Token, string? FailureReason)
{
    public static TokenValidationResult Valid(ValidatedToken token) => new(TokenValidationStatus.Valid, token, null);

    public static TokenValidationResult Invalid(string reason) => new(TokenValidationStatus.Invalid, null, reason);

    public static TokenValidationResult Unavailable(string reason) => new(TokenValidationStatus.Unavailable, null, reason);
}
