using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>The rotated-out refresh tokens a grant remembers, so that one used again is recognised as reuse.</summary>
internal static class RefreshTokenHistory
{
    /// <summary>The grant's retired hashes with <paramref name="hash"/> added, the oldest dropped beyond the cap.</summary>
    public static IReadOnlyList<string> Retire(GrantRecord grant, string? hash)
    {
        if (hash is null)
        {
            return grant.RetiredRefreshTokenHashes;
        }

        var retired = grant.RetiredRefreshTokenHashes.Append(hash[..GrantRecord.RetiredHashLength]);
        var count = grant.RetiredRefreshTokenHashes.Count + 1;
        return [.. retired.Skip(Math.Max(0, count - GrantRecord.MaxRetiredHashes))];
    }

    /// <summary>Every retired hash is compared in fixed time, with no early exit, so timing says nothing about which matched.</summary>
    public static bool IsRetired(GrantRecord grant, string presentedHash)
    {
        var prefix = presentedHash[..GrantRecord.RetiredHashLength];
        var found = false;
        foreach (var retired in grant.RetiredRefreshTokenHashes)
        {
            found |= retired.Length == prefix.Length && OAuthSecrets.FixedTimeEquals(prefix, retired);
        }

        return found;
    }
}
