namespace McpFunctions.Storage;

/// <summary>
/// Table Storage log events, ids 3000-3099. Entity keys, account keys and tokens are never logged:
/// keys can be session ids or hashes of credentials, so events name the table and the outcome only.
/// </summary>
internal static partial class TableStorageLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Created table {TableName}")]
    public static partial void TableCreated(ILogger logger, string tableName);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Table {TableName} already exists")]
    public static partial void TableAlreadyExists(ILogger logger, string tableName);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Table {TableName} no longer exists; creating it again and retrying the {Operation}")]
    public static partial void TableMissing(ILogger logger, string tableName, string operation);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "{Operation} on table {TableName} answered {Status}: {Outcome}")]
    public static partial void ConditionalOutcome(ILogger logger, string operation, string tableName, int status, StoreWriteStatus outcome);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "{Operation} on table {TableName} failed with status {Status} ({ErrorCode})")]
    public static partial void RequestFailed(ILogger logger, string operation, string tableName, int status, string? errorCode);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Table storage is unavailable: {Operation} on table {TableName} failed ({Reason}); requests that need storage are answered 503 until it recovers")]
    public static partial void StorageUnavailable(ILogger logger, string operation, string tableName, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Table storage is available again after {DowntimeMs} ms; {FailedOperations} operations failed meanwhile")]
    public static partial void StorageRecovered(ILogger logger, long downtimeMs, long failedOperations);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Debug, Message = "Table storage still unavailable: {Operation} on table {TableName} failed ({Reason})")]
    public static partial void StorageStillUnavailable(ILogger logger, string operation, string tableName, string reason);
}
