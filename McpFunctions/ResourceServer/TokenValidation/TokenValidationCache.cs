using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Validation results by token hash, so that a session's burst of requests costs one IdP round trip
/// (the first seed paid 227 ms of userinfo per call). Valid results are kept until the token expires or
/// <see cref="AuthOptions.TokenCacheDuration"/> passes, whichever is first; Invalid ones for
/// <see cref="AuthOptions.NegativeCacheDuration"/>; Unavailable ones not at all (the next request retries).
/// Concurrent requests with the same uncached token share one validation. At most
/// <see cref="AuthOptions.TokenCacheSize"/> entries: expired ones go first, then the oldest.
/// </summary>
internal sealed class TokenValidationCache(IOptions<AuthOptions> options, TimeProvider timeProvider)
{
    private readonly AuthOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<TokenValidationResult>>> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _evictionGate = new();
    private long _sequence;

    public int Count => _entries.Count;

    /// <summary>
    /// The cached result for <paramref name="tokenHash"/>, or the result of <paramref name="validate"/> run
    /// once for all concurrent callers. The validation is not cancelled when one caller gives up (others may
    /// still wait for it); it is bounded by the backchannel timeout instead.
    /// </summary>
    /// <returns>The result, and whether it came from the cache or another caller's validation.</returns>
    public async Task<(TokenValidationResult Result, bool Shared)> GetOrValidateAsync(
        string tokenHash, Func<Task<TokenValidationResult>> validate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        ArgumentNullException.ThrowIfNull(validate);
        if (TryGet(tokenHash, out var cached))
        {
            return (cached, true);
        }

        Lazy<Task<TokenValidationResult>>? mine = null;
        mine = new Lazy<Task<TokenValidationResult>>(() => RunAsync(tokenHash, validate, mine!));
        var flight = _inFlight.GetOrAdd(tokenHash, mine);
        var result = await flight.Value.WaitAsync(cancellationToken);
        return (result, !ReferenceEquals(flight, mine));
    }

    private async Task<TokenValidationResult> RunAsync(string tokenHash, Func<Task<TokenValidationResult>> validate, Lazy<Task<TokenValidationResult>> self)
    {
        try
        {
            // A validation that finished between our cache miss and joining the in-flight table has
            // already stored its result: use it rather than asking the IdP a second time.
            if (TryGet(tokenHash, out var cached))
            {
                return cached;
            }

            var result = await validate().ConfigureAwait(false);
            Store(tokenHash, result);
            return result;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(tokenHash, self));
        }
    }

    private bool TryGet(string tokenHash, out TokenValidationResult result)
    {
        if (_entries.TryGetValue(tokenHash, out var entry))
        {
            if (entry.ExpiresAt > timeProvider.GetUtcNow())
            {
                result = entry.Result;
                return true;
            }

            _entries.TryRemove(KeyValuePair.Create(tokenHash, entry));
        }

        result = null!;
        return false;
    }

    private void Store(string tokenHash, TokenValidationResult result)
    {
        var now = timeProvider.GetUtcNow();
        DateTimeOffset expiresAt;
        switch (result.Status)
        {
            case TokenValidationStatus.Valid:
                expiresAt = now + _options.TokenCacheDuration;
                if (result.Token!.ExpiresAt is { } tokenExpiry && tokenExpiry < expiresAt)
                {
                    expiresAt = tokenExpiry;
                }

                break;
            case TokenValidationStatus.Invalid:
                expiresAt = now + _options.NegativeCacheDuration;
                break;
            default:
                // Unavailable is a fault of the moment; caching it would turn a blip into an outage.
                return;
        }

        if (expiresAt <= now || _options.TokenCacheSize <= 0)
        {
            return;
        }

        if (_entries.Count >= _options.TokenCacheSize)
        {
            Evict(now);
        }

        _entries[tokenHash] = new Entry(result, expiresAt, Interlocked.Increment(ref _sequence));
    }

    // Called only when full: drop expired entries, then the oldest, down to 90% so that a full cache does
    // not sort itself on every insert.
    private void Evict(DateTimeOffset now)
    {
        lock (_evictionGate)
        {
            if (_entries.Count < _options.TokenCacheSize)
            {
                return;
            }

            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now)
                {
                    _entries.TryRemove(pair);
                }
            }

            var target = _options.TokenCacheSize - Math.Max(1, _options.TokenCacheSize / 10);
            var excess = _entries.Count - target;
            if (excess <= 0)
            {
                return;
            }

            foreach (var pair in _entries.OrderBy(p => p.Value.Sequence).Take(excess).ToList())
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private sealed record Entry(TokenValidationResult Result, DateTimeOffset ExpiresAt, long Sequence);
}
