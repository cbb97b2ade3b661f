using System.Collections.Concurrent;
using McpFunctions.OAuthFacade.Stores;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// What the resource server last read about a grant, kept for <see cref="FacadeTokenDefaults.GrantCheckInterval"/>:
/// a revoked (or expired, or deleted) grant's access tokens stop working within that window, and a busy client
/// costs one point read per window instead of one per request. Each instance has its own copy.
/// </summary>
internal sealed class GrantStatusCache(IGrantStore grants, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The grant as read at most one window ago; null when there is no live grant.</summary>
    /// <exception cref="Azure.RequestFailedException">The store could not be read.</exception>
    public async Task<GrantStatus?> GetAsync(string grantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue(grantId, out var cached) && now - cached.ReadAt < FacadeTokenDefaults.GrantCheckInterval)
        {
            return cached.Status;
        }

        var grant = await grants.GetAsync(grantId, cancellationToken);
        var status = grant is null ? null : new GrantStatus(grant.ClientId, grant.Subject, grant.Revoked);
        MakeRoom(now);
        _entries[grantId] = new Entry(status, now);
        return status;
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < FacadeTokenDefaults.GrantCacheCapacity)
        {
            return;
        }

        foreach (var entry in _entries)
        {
            if (now - entry.Value.ReadAt >= FacadeTokenDefaults.GrantCheckInterval)
            {
                _entries.TryRemove(entry);
            }
        }

        // Still full of fresh entries: forget them all. The cost is one read per grant, never a wrong answer.
        if (_entries.Count >= FacadeTokenDefaults.GrantCacheCapacity)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(GrantStatus? Status, DateTimeOffset ReadAt);
}

/// <summary>The parts of a grant the resource server checks a token against.</summary>
internal sealed record GrantStatus(string ClientId, string Subject, bool Revoked);
