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
        if (string.IsNullOrWhiteSpace(redirectUri) || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
            || !redirectUri.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            return "redirect URIs must be absolute URIs";
        }

        if (ForbiddenSchemes.Contains(uri.Scheme))
        {
            return $"the {uri.Scheme}: scheme is never a redirect URI";
        }

        if (redirectUri.Contains('#', StringComparison.Ordinal))
        {
            return "redirect URIs must not contain a fragment (RFC 6749 §3.1.2)";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
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
            return IsLoopbackHost(uri)
                ? null
                : "plain http redirect URIs are allowed only on a loopback address (RFC 8252 §7.3); use https";
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
    /// The authorization-time match (RFC 6749 §3.1.2.3, OAuth 2.1 §4.1.1): the presented URI equals a
    /// registered one character for character, except that a loopback URI's port may differ (RFC 8252 §7.3:
    /// native apps get an ephemeral port from the OS).
    /// </summary>
    public static bool Matches(string registered, string presented)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(presented);
        if (string.Equals(registered, presented, StringComparison.Ordinal))
        {
            return true;
        }

        if (!Uri.TryCreate(registered, UriKind.Absolute, out var a) || !Uri.TryCreate(presented, UriKind.Absolute, out var b))
        {
            return false;
        }

        return a.Scheme == Uri.UriSchemeHttp && b.Scheme == Uri.UriSchemeHttp
            && IsLoopbackHost(a) && IsLoopbackHost(b)
            && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
            && string.Equals(WithoutAuthority(registered), WithoutAuthority(presented), StringComparison.Ordinal);
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
