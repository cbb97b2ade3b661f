namespace McpFunctions.Tests.EndToEnd;

/// <summary>Tests that share one external authorization server (oidc-provider) and the apps that trust it.</summary>
[CollectionDefinition(Name)]
public sealed class ExternalAuthorizationServerCollectionDefinition : ICollectionFixture<ExternalAuthorizationServerFixture>
{
    public const string Name = "external-authorization-server";
}
