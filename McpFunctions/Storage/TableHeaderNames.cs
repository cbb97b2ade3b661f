namespace McpFunctions.Storage;

/// <summary>HTTP header names of the Table service REST API.</summary>
internal static class TableHeaderNames
{
    public const string Date = "x-ms-date";
    public const string Version = "x-ms-version";
    public const string DataServiceVersion = "DataServiceVersion";
    public const string MaxDataServiceVersion = "MaxDataServiceVersion";
    public const string Prefer = "Prefer";
    public const string IfMatch = "If-Match";
    public const string ETag = "ETag";

    /// <summary>Query continuation: present when more results remain (Query Entities, "Query timeout and pagination").</summary>
    public const string ContinuationNextPartitionKey = "x-ms-continuation-NextPartitionKey";

    public const string ContinuationNextRowKey = "x-ms-continuation-NextRowKey";

    /// <summary><c>return-no-content</c> makes Insert Entity answer 204 with the ETag header instead of echoing the body.</summary>
    public const string ReturnNoContent = "return-no-content";
}
