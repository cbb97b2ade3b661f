namespace McpFunctions.Tests.TestSupport;

/// <summary>Tests in this collection share one Azurite process (and run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
