namespace McpFunctions.Maintenance;

/// <summary>Expired-row purge log events, ids 4000-4099. Row keys are never logged: they can be session ids or credential hashes.</summary>
internal static partial class ExpiredRowPurgeLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Expired-row purge is off: no Table Storage connection is configured (in-memory stores drop expired entries themselves)")]
    public static partial void NotConfigured(ILogger logger);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Expired-row purge is off: Maintenance:Enabled is false on this instance")]
    public static partial void DisabledBySetting(ILogger logger);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Expired-row purge: at most once every {Interval} across all instances, batches of {BatchSize}, tables {Tables}, lease in table {LeaseTable} (instance {InstanceId})")]
    public static partial void Started(ILogger logger, TimeSpan interval, int batchSize, string tables, string leaseTable, string instanceId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Expired-row purge skipped: instance {Holder} holds the lease until {Until:O}")]
    public static partial void LeaseHeld(ILogger logger, string? holder, DateTimeOffset? until);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Expired-row purge skipped: another instance took the lease first")]
    public static partial void LeaseLost(ILogger logger);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Expired-row purge took the lease until {Until:O} (instance {InstanceId})")]
    public static partial void LeaseAcquired(ILogger logger, DateTimeOffset? until, string instanceId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Purged table {TableName}: {Deleted} expired rows deleted, {Renewed} renewed meanwhile and kept, {AlreadyGone} already gone")]
    public static partial void TablePurged(ILogger logger, string tableName, int deleted, int renewed, int alreadyGone);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Purge of table {TableName} stopped after {Batches} batches (Maintenance:MaxBatchesPerRun); the remaining expired rows wait for the next run")]
    public static partial void BatchLimitReached(ILogger logger, string tableName, int batches);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Purge of table {TableName} failed with status {Status} ({ErrorCode}); continuing with the next table")]
    public static partial void TableFailed(ILogger logger, string tableName, int status, string? errorCode, Exception exception);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Expired-row purge finished: {Deleted} rows deleted from {TableCount} tables in {ElapsedMilliseconds} ms")]
    public static partial void RunCompleted(ILogger logger, int deleted, int tableCount, long elapsedMilliseconds);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Expired-row purge failed; the next attempt is in {Delay}")]
    public static partial void RunFailed(ILogger logger, TimeSpan delay, Exception exception);
}
