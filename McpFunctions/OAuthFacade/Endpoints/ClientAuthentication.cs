using McpFunctions.OAuthFacade.Stores;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>The client a token or revocation request authenticated as, or the error; <see cref="BasicRealm"/> asks for a Basic challenge.</summary>
internal sealed record ClientAuthentication(OAuthClientRecord? Client, OAuthError? Error, string? BasicRealm)
{
    public static ClientAuthentication Success(OAuthClientRecord client) => new(client, null, null);

    public static ClientAuthentication Failure(OAuthError error, string? basicRealm = null) => new(null, error, basicRealm);
}
