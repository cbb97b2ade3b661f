using McpFunctions.OAuthFacade.Stores;

namespace McpFunctions.Tests.OAuthFacade.Stores;

/// <summary>The five stores of one implementation, as one app instance has them.</summary>
internal sealed record OAuthStores(
    IOAuthClientStore Clients,
    IPendingAuthorizationStore Pending,
    IAuthorizationCodeStore Codes,
    IGrantStore Grants,
    ISigningKeyStore SigningKeys);
