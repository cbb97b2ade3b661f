using McpDoctor.Findings;

namespace McpDoctor.Checks;

/// <summary>
/// Pitfalls of well-known identity providers used directly as the authorization server, recognised from their
/// metadata and the token: Entra ID (tenant-placeholder issuers, v1 issuers, no code_challenge_methods_supported,
/// api:// audiences that never equal the MCP resource) and Auth0 (no default audience → opaque tokens).
/// </summary>
internal sealed class IdentityProviderCheck : IDoctorCheck
{
    private const string Facade = "Put an authorization-server façade in front of it (McpFunctions' Facade mode), which issues tokens for the MCP resource itself.";

    public Task RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var metadata = context.AuthorizationServer;
        if (metadata is null)
        {
            context.Skip(Stage.IdentityProvider, "idp.known", "no authorization-server metadata to recognise");
            return Task.CompletedTask;
        }

        var issuer = metadata["issuer"]?.ToString() ?? "";
        var host = Uri.TryCreate(issuer, UriKind.Absolute, out var url) ? url.Host.ToLowerInvariant() : "";
        var named = 0;
        if (host is "login.microsoftonline.com" or "sts.windows.net" || host.EndsWith(".ciamlogin.com", StringComparison.Ordinal))
        {
            named += Entra(context, issuer, host, metadata);
        }

        if (host.EndsWith(".auth0.com", StringComparison.Ordinal) && context.HasToken && context.AccessTokenClaims is null)
        {
            named++;
            context.Fail(Stage.IdentityProvider, "idp.auth0-audience", "Auth0 issued an opaque or encrypted token (no audience was applied)",
                "Every call is 401 after a successful sign-in, or tokens can only be checked through userinfo.",
                "Set the tenant's Default Audience to the MCP endpoint's API identifier (or send audience), so Auth0 issues a JWT for it.");
        }

        var audience = context.AccessTokenClaims?["aud"]?.ToString() ?? "";
        if (audience.Contains("api://", StringComparison.Ordinal) || (context.Scope ?? "").Contains("api://", StringComparison.Ordinal))
        {
            named++;
            context.Fail(Stage.IdentityProvider, "idp.api-audience", audience.Length > 0 ? $"aud = {audience}" : $"scope = {context.Scope}",
                "Tokens carry an api:// audience that never equals the endpoint's https URL: a correct server refuses them, clients sending resource= are refused by Entra.",
                Facade);
        }

        if (named == 0)
        {
            context.Pass(Stage.IdentityProvider, "idp.known", $"no known identity-provider pitfall ({(host.Length > 0 ? host : "issuer not a URL")})");
        }

        return Task.CompletedTask;
    }

    private static int Entra(DoctorContext context, string issuer, string host, System.Text.Json.Nodes.JsonObject metadata)
    {
        var named = 0;
        if (issuer.Contains("{tenantid}", StringComparison.OrdinalIgnoreCase) || issuer.Contains("/common/", StringComparison.OrdinalIgnoreCase)
            || issuer.Contains("/organizations/", StringComparison.OrdinalIgnoreCase) || issuer.Contains("/consumers/", StringComparison.OrdinalIgnoreCase))
        {
            named++;
            context.Fail(Stage.IdentityProvider, "idp.entra-issuer", $"issuer {issuer}",
                "The issuer check fails (the multi-tenant metadata names a placeholder or a shared tenant): \"Configure\" stays.",
                "Use the tenant-specific authority https://login.microsoftonline.com/<tenant-id>/v2.0.");
        }
        else if (host == "sts.windows.net")
        {
            named++;
            context.Warn(Stage.IdentityProvider, "idp.entra-issuer", $"issuer {issuer} (v1 tokens)",
                "v1 tokens carry api:// or client-id audiences and v1 claims.", "Use the v2.0 endpoint (https://login.microsoftonline.com/<tenant-id>/v2.0) and accessTokenAcceptedVersion 2.");
        }

        if (metadata["code_challenge_methods_supported"] is null)
        {
            named++;
            context.Fail(Stage.IdentityProvider, "idp.entra-pkce", "Entra ID metadata has no code_challenge_methods_supported (Entra supports S256 but does not say so)",
                "MCP clients must refuse to start the sign-in without advertised S256.", Facade);
        }

        if (metadata["registration_endpoint"] is null)
        {
            named++;
            context.Fail(Stage.IdentityProvider, "idp.entra-registration", "Entra ID has no dynamic client registration and no client metadata documents",
                "Claude cannot get a client id: \"Configure\" stays.", Facade);
        }

        return named;
    }
}
