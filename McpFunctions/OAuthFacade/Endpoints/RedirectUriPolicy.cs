using System.Net;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// The redirect-URI rules, used at registration (RFC 7591), for Client ID Metadata Documents and at
/// <c>/authorize</c>: absolute, no fragment (RFC 6749 §3.1.2), https — or plain http only to a loopback
/// address (RFC 8252 §7.3), or a private-use scheme for <c>native</c> clients (RFC 8252 §7.1) — never
/// <c>javascript:</c>/<c>data:</c>; allowed by <see cref="FacadeOptions.AllowedRedirectUris"/>; and at
/// authorization exactly one of the client's registered URIs, except the port of a loopback URI.
/// </summary>
internal sealed class RedirectUriPolicy(IOptions<FacadeOptions> options)
{
    private static readonly HashSet<string> ForbiddenSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "data", "vbscript", "file", "blob", "about", "filesystem",
    };

    private readonly FacadeOptions _options = options.Value;

    /// <summary>The allow-list in force: the configured one, or the defaults (Claude, ChatGPT, VS Code, Inspector, loopback).</summary>
    public IReadOnlyList<string> AllowedRedirectUris =>
        _options.AllowedRedirectUris.Count > 0 ? _options.AllowedRedirectUris : FacadeOptions.DefaultAllowedRedirectUris;

    /// <summary>Why a URI cannot be registered, or null when it can (shape rules, then the allow-list).</summary>
    public string? RegistrationProblem(string redirectUri, string applicationType)
    {
        var shape = ShapeProblem(redirectUri, applicationType);
        if (shape is not null)
        {
            return shape;
        }

        return IsAllowed(redirectUri)
            ? null
            : $"redirect URI {redirectUri} is not allowed by this server";
    }

    /// <summary>The shape rules alone (what a Client ID Metadata Document's URIs must satisfy to be read at all).</summary>
    public static string? ShapeProblem(string redirectUri, string applicationType)
    {
        // On Unix "/cb" parses as an absolute file: URI; an absolute URI here starts with its scheme.
        // The scheme as written must be the canonical lowercase one: redirect URIs are compared as strings at
        // /authorize, so a registered form and its presented form cannot differ in spelling.
        if (string.IsNullOrWhiteSpace(redirectUri) || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
            || !redirectUri.StartsWith(uri.Scheme + ":", StringComparison.Ordinal))
        {
            return "redirect URIs must be absolute URIs with a lowercase scheme";
        }

        if (ForbiddenSchemes.Contains(uri.Scheme))
        {
            return $"the {uri.Scheme}: scheme is never a redirect URI";
        }

        if (redirectUri.Contains('#', StringComparison.Ordinal))
        {
            return "redirect URIs must not contain a fragment (RFC 6749 §3.1.2)";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || AuthorityAsWritten(redirectUri).Contains('@', StringComparison.Ordinal))
        {
            return "redirect URIs must not contain user information";
        }

        if (HasDotSegment(redirectUri) || redirectUri.Contains('\\', StringComparison.Ordinal))
        {
            return "redirect URIs must not contain dot segments or backslashes";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            if (!IsLoopbackHost(uri))
            {
                return "plain http redirect URIs are allowed only on a loopback address (RFC 8252 §7.3); use https";
            }

            return TrySplitLoopback(redirectUri, out _, out _)
                ? null
                : "a loopback redirect URI must name its host as written by convention (127.0.0.1, [::1] or localhost), with a numeric port if any";
        }

        // RFC 8252 §7.1: private-use schemes belong to native apps and look like reversed domain names.
        return applicationType == OAuthConstants.ApplicationTypes.Native && uri.Scheme.Contains('.', StringComparison.Ordinal)
            ? null
            : $"the {uri.Scheme}: scheme is allowed only for native clients with a private-use (reverse-domain) scheme";
    }

    /// <summary>True when the allow-list (or <see cref="FacadeOptions.AllowAnyHttpsRedirectUri"/> for https) admits the URI.</summary>
    public bool IsAllowed(string redirectUri)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (_options.AllowAnyHttpsRedirectUri && uri.Scheme == Uri.UriSchemeHttps)
        {
            return true;
        }

        return AllowedRedirectUris.Any(entry => EntryAdmits(entry, redirectUri, uri));
    }

    /// <summary>
    /// The authorization-time match (OAuth 2.1 §4.1.1, RFC 9700 §2.1: simple string comparison): the presented URI
    /// equals a registered one character for character, except that a loopback URI's port may differ (RFC 8252
    /// §7.3: native apps get an ephemeral port from the OS). Nothing is parsed or normalised before comparing, so
    /// <c>HTTP://</c>, <c>127.1</c>, <c>2130706433</c> or <c>evil@127.0.0.1</c> never equal <c>http://127.0.0.1</c>.
    /// </summary>
    public static bool Matches(string registered, string presented)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(presented);
        if (AuthorityAsWritten(presented).Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        if (string.Equals(registered, presented, StringComparison.Ordinal))
        {
            return true;
        }

        return TrySplitLoopback(registered, out var registeredHost, out var registeredRest)
            && TrySplitLoopback(presented, out var presentedHost, out var presentedRest)
            && string.Equals(registeredHost, presentedHost, StringComparison.Ordinal)
            && string.Equals(registeredRest, presentedRest, StringComparison.Ordinal);
    }

    /// <summary>
    /// Splits <c>http://HOST[:PORT]REST</c> as written, when HOST is a loopback host spelled the way the URI parser
    /// would print it (so no alternative spelling of an address gets through), PORT is digits and there is no
    /// user information.
    /// </summary>
    private static bool TrySplitLoopback(string text, out string host, out string rest)
    {
        const string Prefix = "http://";
        host = rest = string.Empty;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var authority = AuthorityAsWritten(text);
        rest = text[(Prefix.Length + authority.Length)..];
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        host = authority;
        var colon = authority.LastIndexOf(':');
        if (colon > authority.LastIndexOf(']'))
        {
            var port = authority[(colon + 1)..];
            if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit))
            {
                return false;
            }

            host = authority[..colon];
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && IsLoopbackHost(uri) && string.Equals(uri.Host, host, StringComparison.Ordinal);
    }

    /// <summary>The authority exactly as written: between <c>://</c> and the first <c>/</c>, <c>?</c> or <c>#</c>.</summary>
    private static string AuthorityAsWritten(string uri)
    {
        var start = uri.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        start += 3;
        var end = uri.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? uri[start..] : uri[start..end];
    }

    /// <summary>Loopback by name or literal: <c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>.</summary>
    public static bool IsLoopbackHost(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    // An entry is an exact URI, or a prefix ending in "*"; loopback entries match any port.
    private static bool EntryAdmits(string entry, string presented, Uri presentedUri)
    {
        var wildcard = entry.EndsWith('*');
        var pattern = wildcard ? entry[..^1] : entry;
        if (!Uri.TryCreate(pattern, UriKind.Absolute, out var entryUri))
        {
            return false;
        }

        if (entryUri.Scheme == Uri.UriSchemeHttp && IsLoopbackHost(entryUri))
        {
            if (presentedUri.Scheme != Uri.UriSchemeHttp || !string.Equals(entryUri.Host, presentedUri.Host, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var entryRest = WithoutAuthority(pattern);
            var presentedRest = WithoutAuthority(presented);
            if (wildcard && entryRest.Length == 0)
            {
                return true;
            }

            return wildcard ? presentedRest.StartsWith(entryRest, StringComparison.Ordinal) : string.Equals(entryRest, presentedRest, StringComparison.Ordinal);
        }

        return wildcard
            ? presented.StartsWith(pattern, StringComparison.Ordinal) && pattern.IndexOf('/', pattern.IndexOf("://", StringComparison.Ordinal) + 3) > 0
            : string.Equals(entry, presented, StringComparison.Ordinal);
    }

    // "http://127.0.0.1:5000/cb?x=1" → "/cb?x=1" (the scheme and authority removed, as written).
    private static string WithoutAuthority(string uri)
    {
        var start = uri.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return uri;
        }

        var pathStart = uri.IndexOfAny(['/', '?'], start + 3);
        return pathStart < 0 ? string.Empty : uri[pathStart..];
    }

    private static bool HasDotSegment(string uri)
    {
        var start = uri.IndexOf("://", StringComparison.Ordinal);
        var pathStart = start < 0 ? -1 : uri.IndexOf('/', start + 3);
        if (pathStart < 0)
        {
            return false;
        }

        var path = uri[pathStart..].Split('?', 2)[0];
        return path.Split('/').Any(segment => segment is "." or ".." || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase) || segment.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase));
    }
}
