namespace McpFunctions.Storage;

/// <summary>The outcome of a conditional write, as a value: storage 404/409/412 are results, not exceptions.</summary>
internal enum StoreWriteStatus
{
    Success,
    NotFound,
    Conflict,
    PreconditionFailed,
}

/// <summary>A write outcome with the stored value (carrying its new ETag) on success.</summary>
internal readonly record struct StoreWriteResult<T>(StoreWriteStatus Status, T? Value)
    where T : class
{
    public bool Succeeded => Status == StoreWriteStatus.Success;

    public static StoreWriteResult<T> Success(T value) => new(StoreWriteStatus.Success, value);

    public static StoreWriteResult<T> Failed(StoreWriteStatus status) => new(status, null);
}
