namespace McpFunctions.Tests.TestSupport;

/// <summary>Tests in this collection share one published bench/EmptyWorker (and run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedEmptyWorkerCollectionDefinition : ICollectionFixture<PublishedEmptyWorker>
{
    public const string Name = "PublishedEmptyWorker";
}
