namespace McpFunctions.Hosting;

/// <summary>
/// What the error boundary decided to answer for an exception: a status, an optional <c>Retry-After</c>, and a
/// message written for the client (never exception text).
/// </summary>
internal sealed record BoundaryFault(int StatusCode, TimeSpan? RetryAfter, string Message)
{
    public bool IsServerFault => StatusCode >= StatusCodes.Status500InternalServerError;

    /// <summary><c>Retry-After</c> in whole seconds, at least one, or null.</summary>
    public string? RetryAfterSeconds => RetryAfter is { } delay
        ? Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : null;
}
