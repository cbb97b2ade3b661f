namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>One reporting period of <see cref="TokenValidationTally"/>: how many tokens were validated for how many subjects.</summary>
internal sealed record TokenValidationPeriod(DateTimeOffset Start, DateTimeOffset End, int Count, int Subjects);
