namespace McpFunctions.Storage;

/// <summary>
/// The outcome of an entity group transaction. The service applies all operations or none: on failure
/// <see cref="FailedIndex"/> names the operation it rejected (when the service says which), and no
/// other operation took effect.
/// </summary>
internal readonly record struct TableBatchResult(StoreWriteStatus Status, int? FailedIndex)
{
    public bool Succeeded => Status == StoreWriteStatus.Success;

    public static TableBatchResult Success { get; } = new(StoreWriteStatus.Success, null);
}
