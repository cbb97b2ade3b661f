namespace McpFunctions.Tests.TestSupport;

/// <summary>Tests in this collection share one <c>dotnet publish</c> output (and run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedAppCollectionDefinition : ICollectionFixture<PublishedApp>
{
    public const string Name = "PublishedApp";
}
