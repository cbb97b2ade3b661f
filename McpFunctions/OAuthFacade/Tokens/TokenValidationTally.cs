namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// Counts validated tokens per reporting period so that the log tells the story without a line per request: the
/// first request of each subject in a period is worth an Information line, the rest are Debug, and the period's
/// totals are reported once when the next period starts. Time comes from the injected clock.
/// </summary>
internal sealed class TokenValidationTally(TimeProvider timeProvider)
{
    /// <summary>How long one reporting period lasts.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    // A bound on the subjects remembered per period, so a flood of distinct subjects cannot grow memory; past it
    // every further subject is reported as new (more Information lines, never fewer).
    private const int MaxSubjectsPerPeriod = 10_000;

    private readonly Lock _gate = new();
    private HashSet<string> _subjects = new(StringComparer.Ordinal);
    private DateTimeOffset _periodStart;
    private int _count;

    /// <summary>Counts one validated token; says whether its subject is new in this period and returns the period that just ended, if one did.</summary>
    public (bool NewSubject, TokenValidationPeriod? Ended) Record(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            TokenValidationPeriod? ended = null;
            if (_count == 0)
            {
                _periodStart = now;
            }
            else if (now - _periodStart >= Period)
            {
                ended = new TokenValidationPeriod(_periodStart, now, _count, _subjects.Count);
                _subjects = new HashSet<string>(StringComparer.Ordinal);
                _periodStart = now;
                _count = 0;
            }

            _count++;
            var isNew = _subjects.Count >= MaxSubjectsPerPeriod || _subjects.Add(subject);
            return (isNew, ended);
        }
    }
}
