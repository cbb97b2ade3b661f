using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OAuthFacade.Tokens;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Consent;

/// <summary>
/// The consent page's two cookies. The anti-forgery cookie holds a random value that the protected consent
/// ticket names, so only the browser that was shown the page can submit it. The remembered-consent cookie is
/// protected with the shared keys and lists exactly which client, redirect URI, resource and scopes were approved
/// (MCP security best practices, "Confused Deputy": consent per client, cookies with the <c>__Host-</c> prefix).
/// </summary>
/// <remarks>
/// <c>__Host-</c> cookies must be <c>Secure</c>, which an http page cannot set or send. The public base URL is https
/// everywhere but a local run on loopback, so there — and only there, where nobody else can reach the app — the
/// cookies go without the prefix and without <c>Secure</c>.
/// </remarks>
internal sealed class ConsentCookies(FacadeUrls urls, FacadeProtector protector, TimeProvider timeProvider, IOptions<FacadeOptions> options)
{
    /// <summary>Most remembered consents kept in the cookie (the newest win).</summary>
    public const int MaxRememberedEntries = 10;

    public string AntiForgeryName => urls.IsHttps ? "__Host-mcp-af" : "mcp-af";

    public string RememberedName => urls.IsHttps ? "__Host-mcp-consent" : "mcp-consent";

    /// <summary>The browser's anti-forgery value, created (and set) on first use; kept across tabs so two pending consents both work.</summary>
    public string EnsureAntiForgery(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var existing = context.Request.Cookies[AntiForgeryName];
        var value = existing is { Length: 43 } && existing.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? existing : OAuthSecrets.NewSecret();
        // Strict: the only legitimate sender is this app's own consent form.
        context.Response.Cookies.Append(AntiForgeryName, value, Options(SameSiteMode.Strict, expires: null));
        return value;
    }

    public bool AntiForgeryMatches(HttpContext context, string expected)
    {
        ArgumentNullException.ThrowIfNull(context);
        var presented = context.Request.Cookies[AntiForgeryName];
        return presented is not null && OAuthSecrets.FixedTimeEquals(presented, expected);
    }

    /// <summary>True when this browser approved exactly this client, redirect URI, resource and scope set before, and it has not lapsed.</summary>
    public bool IsRemembered(HttpContext context, string clientId, string redirectUri, string resource, IReadOnlyList<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return Read(context).Any(e => e.ExpiresAt > now && Same(e, clientId, redirectUri, resource, scopes));
    }

    public void Remember(HttpContext context, string clientId, string redirectUri, string resource, IReadOnlyList<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = timeProvider.GetUtcNow();
        var expiresAt = now + options.Value.ConsentLifetime;
        var entries = Read(context)
            .Where(e => e.ExpiresAt > now.ToUnixTimeSeconds() && !Same(e, clientId, redirectUri, resource, scopes))
            .Append(new RememberedConsentEntry
            {
                ClientId = clientId,
                RedirectUri = redirectUri,
                Resource = resource,
                Scopes = [.. scopes.Order(StringComparer.Ordinal)],
                ExpiresAt = expiresAt.ToUnixTimeSeconds(),
            })
            .OrderByDescending(e => e.ExpiresAt)
            .Take(MaxRememberedEntries)
            .ToList();
        var cookieExpiry = DateTimeOffset.FromUnixTimeSeconds(entries.Max(e => e.ExpiresAt));
        var value = ProtectedJson.Protect(protector, FacadeProtectionPurposes.ConsentCookie, new RememberedConsent { Entries = entries },
            FacadeJsonContext.Default.RememberedConsent, cookieExpiry);
        // Lax: the cookie must come along on the top-level GET /authorize that a client's link starts.
        context.Response.Cookies.Append(RememberedName, value, Options(SameSiteMode.Lax, cookieExpiry));
    }

    private IReadOnlyList<RememberedConsentEntry> Read(HttpContext context)
    {
        var remembered = ProtectedJson.TryUnprotect(protector, FacadeProtectionPurposes.ConsentCookie, context.Request.Cookies[RememberedName],
            FacadeJsonContext.Default.RememberedConsent);
        return remembered?.Entries ?? [];
    }

    private static bool Same(RememberedConsentEntry entry, string clientId, string redirectUri, string resource, IReadOnlyList<string> scopes) =>
        entry.ClientId == clientId && entry.RedirectUri == redirectUri && entry.Resource == resource
        && entry.Scopes.Order(StringComparer.Ordinal).SequenceEqual(scopes.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private CookieOptions Options(SameSiteMode sameSite, DateTimeOffset? expires) => new()
    {
        Path = "/",
        HttpOnly = true,
        Secure = urls.IsHttps,
        SameSite = sameSite,
        Expires = expires,
        IsEssential = true,
    };
}
