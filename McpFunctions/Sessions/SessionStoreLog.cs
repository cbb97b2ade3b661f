namespace McpFunctions.Sessions;

/// <summary>Session store log events, ids 3100-3119 (beside Storage's 3000-3099). Session ids are never logged.</summary>
internal static partial class SessionStoreLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Session store: in-memory; sessions are kept in this process only and are not shared between instances")]
    public static partial void UsingInMemoryStore(ILogger logger);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Session store: Azure Table Storage, table {TableName} at {TableServiceUri} ({Authentication}, connection {ConnectionName})")]
    public static partial void UsingTableStore(ILogger logger, string tableName, Uri tableServiceUri, string authentication, string connectionName);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Session store: {StoreType}")]
    public static partial void UsingOtherStore(ILogger logger, string storeType);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "In-memory session store is full ({Capacity} sessions): evicted {Count} live sessions closest to expiry since the last report (reported at most once a minute)")]
    public static partial void InMemoryEvicted(ILogger logger, int count, int capacity);
}
