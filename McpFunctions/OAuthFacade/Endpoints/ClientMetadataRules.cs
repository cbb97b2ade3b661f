namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// The checks every client's metadata passes, whether it arrives as an RFC 7591 registration or as a Client ID
/// Metadata Document: redirect URIs first (<c>invalid_redirect_uri</c>), then the rest (<c>invalid_client_metadata</c>).
/// Scope is echoed, never judged: Claude.ai registers <c>"claudeai"</c> (second seed) and must not be refused for it.
/// </summary>
internal static class ClientMetadataRules
{
    public const int MaxRedirectUris = 20;
    public const int MaxUriLength = 2000;
    public const int MaxClientNameLength = 200;

    private static readonly string[] SupportedGrantTypes = [OAuthConstants.GrantTypes.AuthorizationCode, OAuthConstants.GrantTypes.RefreshToken];

    private static readonly string[] SupportedAuthMethods =
    [
        OAuthConstants.ClientAuthenticationMethods.None,
        OAuthConstants.ClientAuthenticationMethods.ClientSecretBasic,
        OAuthConstants.ClientAuthenticationMethods.ClientSecretPost,
    ];

    /// <summary>
    /// Validates <paramref name="metadata"/>. <paramref name="policy"/> null skips the allow-list (metadata documents:
    /// checked per request at <c>/authorize</c>); <paramref name="metadataDocument"/> makes <c>none</c> the only
    /// authentication method (a document is public, so it cannot carry a shared secret) and its default.
    /// </summary>
    public static ValidatedClientMetadata? Validate(ClientMetadataDocument metadata, RedirectUriPolicy? policy, bool metadataDocument, out OAuthError? error)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var applicationType = metadata.ApplicationType ?? OAuthConstants.ApplicationTypes.Web;
        if (applicationType is not (OAuthConstants.ApplicationTypes.Web or OAuthConstants.ApplicationTypes.Native))
        {
            error = OAuthError.InvalidClientMetadata("application_type must be \"web\" or \"native\".");
            return null;
        }

        var redirectUris = metadata.RedirectUris ?? [];
        var authMethod = metadata.TokenEndpointAuthMethod
            // RFC 7591 §2: the default is client_secret_basic; a metadata document can only be a public client.
            ?? (metadataDocument ? OAuthConstants.ClientAuthenticationMethods.None : OAuthConstants.ClientAuthenticationMethods.ClientSecretBasic);
        var grantTypes = GrantTypes(metadata, metadataDocument);
        var responseTypes = metadata.ResponseTypes ?? [OAuthConstants.ResponseTypes.Code];
        error = RedirectUrisProblem(redirectUris, applicationType, policy)
            ?? AuthMethodProblem(authMethod, metadataDocument)
            ?? TypesProblem(grantTypes, responseTypes)
            ?? DescriptionProblem(metadata);
        if (error is not null)
        {
            return null;
        }

        return new ValidatedClientMetadata(
            metadata.ClientName,
            [.. redirectUris],
            [.. grantTypes.Distinct(StringComparer.Ordinal)],
            [.. responseTypes.Distinct(StringComparer.Ordinal)],
            authMethod,
            applicationType,
            metadata.Scope,
            metadata.ClientUri,
            metadata.LogoUri);
    }

    private static OAuthError? RedirectUrisProblem(IReadOnlyList<string> redirectUris, string applicationType, RedirectUriPolicy? policy)
    {
        if (redirectUris.Count == 0 || redirectUris.Count > MaxRedirectUris)
        {
            return OAuthError.InvalidRedirectUri($"redirect_uris must list between 1 and {MaxRedirectUris} URIs.");
        }

        foreach (var uri in redirectUris)
        {
            var problem = uri is null || uri.Length > MaxUriLength
                ? $"redirect URIs must be at most {MaxUriLength} characters"
                : policy is null ? RedirectUriPolicy.ShapeProblem(uri, applicationType) : policy.RegistrationProblem(uri, applicationType);
            if (problem is not null)
            {
                return OAuthError.InvalidRedirectUri(problem + ".");
            }
        }

        return null;
    }

    private static OAuthError? AuthMethodProblem(string authMethod, bool metadataDocument)
    {
        if (metadataDocument ? authMethod == OAuthConstants.ClientAuthenticationMethods.None : SupportedAuthMethods.Contains(authMethod, StringComparer.Ordinal))
        {
            return null;
        }

        return OAuthError.InvalidClientMetadata(metadataDocument
            ? "A client metadata document's token_endpoint_auth_method must be \"none\": a published document cannot hold a shared secret."
            : "token_endpoint_auth_method must be none, client_secret_basic or client_secret_post.");
    }

    private static IReadOnlyList<string> GrantTypes(ClientMetadataDocument metadata, bool metadataDocument)
    {
        var grantTypes = metadata.GrantTypes ?? [OAuthConstants.GrantTypes.AuthorizationCode];
        // A published document describes the client everywhere (Claude's lists the jwt-bearer grant too); grants
        // this server does not issue are left out rather than refusing the client (RFC 7591 §2 lets a server replace them).
        return metadataDocument ? [.. grantTypes.Where(g => SupportedGrantTypes.Contains(g, StringComparer.Ordinal))] : grantTypes;
    }

    private static OAuthError? TypesProblem(IReadOnlyList<string> grantTypes, IReadOnlyList<string> responseTypes)
    {
        if (grantTypes.Any(g => !SupportedGrantTypes.Contains(g, StringComparer.Ordinal)) || !grantTypes.Contains(OAuthConstants.GrantTypes.AuthorizationCode))
        {
            return OAuthError.InvalidClientMetadata("grant_types must include authorization_code and may add refresh_token; nothing else is issued here.");
        }

        return responseTypes.Count == 0 || responseTypes.Any(r => r != OAuthConstants.ResponseTypes.Code)
            ? OAuthError.InvalidClientMetadata("response_types must be [\"code\"].")
            : null;
    }

    // The descriptive members: shown on the consent page, so bounded and printable.
    private static OAuthError? DescriptionProblem(ClientMetadataDocument metadata)
    {
        if (metadata.ClientName is { } name && (name.Length > MaxClientNameLength || name.Any(char.IsControl)))
        {
            return OAuthError.InvalidClientMetadata($"client_name must be at most {MaxClientNameLength} printable characters.");
        }

        if (metadata.Scope is { } scope && !FacadeScopes.IsWellFormed(scope))
        {
            return OAuthError.InvalidClientMetadata("scope must be space-separated scope tokens (RFC 6749 §3.3).");
        }

        return !IsOptionalWebUri(metadata.ClientUri) || !IsOptionalWebUri(metadata.LogoUri)
            ? OAuthError.InvalidClientMetadata("client_uri and logo_uri must be absolute http(s) URLs.")
            : null;
    }

    private static bool IsOptionalWebUri(string? value) =>
        value is null
        || (value.Length <= MaxUriLength && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));
}
