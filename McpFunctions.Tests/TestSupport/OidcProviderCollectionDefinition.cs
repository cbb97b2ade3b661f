namespace McpFunctions.Tests.TestSupport;

/// <summary>Test classes in this collection share one oidc-provider process with <see cref="OidcProviderOptions.ForTokenValidation"/>.</summary>
[CollectionDefinition(Name)]
public sealed class OidcProviderCollectionDefinition : ICollectionFixture<OidcProviderFixture>
{
    public const string Name = "oidc-provider";
}
