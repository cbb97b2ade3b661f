namespace McpFunctions.Storage;

/// <summary>
/// Whether Table Storage is answering, as this process last saw it. An operator gets one warning when storage
/// becomes unavailable and one when it answers again, not one per request: during an outage every request fails
/// the same way and hundreds of identical warnings would bury the two lines that matter.
/// </summary>
internal sealed class StorageAvailability(TimeProvider timeProvider, ILogger logger)
{
    private int _unavailable;
    private long _unavailableSince;
    private long _failedOperations;

    public bool IsUnavailable => Volatile.Read(ref _unavailable) == 1;

    /// <summary>Storage answered (a typed 404/409/412 included). Cheap when nothing changed: one volatile read.</summary>
    public void ReportAnswered()
    {
        if (Volatile.Read(ref _unavailable) == 0 || Interlocked.CompareExchange(ref _unavailable, 0, 1) != 1)
        {
            return;
        }

        var downtime = timeProvider.GetElapsedTime(Interlocked.Read(ref _unavailableSince));
        TableStorageLog.StorageRecovered(logger, (long)downtime.TotalMilliseconds, Interlocked.Exchange(ref _failedOperations, 0));
    }

    /// <summary>An operation did not complete: warns on the first failure of an outage, counts the rest.</summary>
    public void ReportUnavailable(string operation, string tableName, string reason)
    {
        Interlocked.Increment(ref _failedOperations);
        if (Interlocked.CompareExchange(ref _unavailable, 1, 0) == 0)
        {
            Interlocked.Exchange(ref _unavailableSince, timeProvider.GetTimestamp());
            TableStorageLog.StorageUnavailable(logger, operation, tableName, reason);
        }
        else
        {
            TableStorageLog.StorageStillUnavailable(logger, operation, tableName, reason);
        }
    }
}
