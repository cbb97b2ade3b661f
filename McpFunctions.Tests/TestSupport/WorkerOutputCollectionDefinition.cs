namespace McpFunctions.Tests.TestSupport;

/// <summary>Tests that serve the app's worker output behind the local Functions host (one at a time: each starts a host and a worker).</summary>
[CollectionDefinition(Name)]
public sealed class WorkerOutputCollectionDefinition : ICollectionFixture<WorkerOutput>
{
    public const string Name = "WorkerOutput";
}
