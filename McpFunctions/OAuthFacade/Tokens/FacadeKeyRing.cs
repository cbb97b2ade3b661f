using McpFunctions.Hosting;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// The façade's signing keys. With <c>Facade:SigningKey</c> set (a Key Vault reference on Azure), that key signs and
/// is the only key published; it is never stored. Otherwise keys are generated and kept in
/// <see cref="ISigningKeyStore"/>, private halves protected with the shared data-protection keys, so every instance
/// signs with the same key: the newest generation signs until its RetireAt, then the next generation is created —
/// by one instance only, because all of them try to insert the same generation and the store lets one win — and
/// retired keys stay published until the tokens they signed have expired.
/// </summary>
/// <remarks>
/// Keys are cached for <see cref="FacadeTokenDefaults.KeyCacheDuration"/>; a token naming a key this instance has
/// not seen reloads them (throttled), so a key another instance has just generated verifies here at once.
/// </remarks>
internal sealed partial class FacadeKeyRing : IFacadeKeyRing, IDisposable
{
    private const int MaxGenerationAttempts = 5;

    private readonly ISigningKeyStore _store;
    private readonly FacadeProtector _protector;
    private readonly PublicUrls _publicUrls;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FacadeKeyRing> _logger;
    private readonly FacadeOptions _options;
    private readonly Lazy<FacadeSigningKey>? _configured;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private Snapshot? _snapshot;
    private DateTimeOffset _lastForcedReload = DateTimeOffset.MinValue;

    public FacadeKeyRing(
        IOptions<FacadeOptions> options,
        ISigningKeyStore store,
        FacadeProtector protector,
        PublicUrls publicUrls,
        TimeProvider timeProvider,
        ILogger<FacadeKeyRing> logger)
    {
        _options = options.Value;
        _store = store;
        _protector = protector;
        _publicUrls = publicUrls;
        _timeProvider = timeProvider;
        _logger = logger;
        if (!string.IsNullOrWhiteSpace(_options.SigningKey))
        {
            _configured = new Lazy<FacadeSigningKey>(LoadConfiguredKey);
        }
    }

    public string Issuer => _publicUrls.ResolveBaseUri().GetLeftPart(UriPartial.Authority);

    public async Task<string> GetPublicJwksJsonAsync(CancellationToken cancellationToken)
    {
        // Publishing needs the key that will sign, so a JWKS fetched before the first token already has it.
        var snapshot = await GetSnapshotAsync(requireSigningKey: true, forceReload: false, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        return SigningKeyMaterial.JwksJson(snapshot.Keys.Where(k => k.VerifiesAt(now)));
    }

    public async Task<FacadeSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(requireSigningKey: true, forceReload: false, cancellationToken);
        return snapshot.SigningKey(_timeProvider.GetUtcNow())
            ?? throw new InvalidOperationException("The key ring has no key that may sign now.");
    }

    public async Task<IReadOnlyList<SecurityKey>> GetValidationKeysAsync(CancellationToken cancellationToken) =>
        ValidationKeys(await GetSnapshotAsync(requireSigningKey: false, forceReload: false, cancellationToken));

    public async Task<IReadOnlyList<SecurityKey>> ReloadValidationKeysAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var force = _configured is null && now - _lastForcedReload >= FacadeTokenDefaults.UnknownKeyReloadInterval;
        if (force)
        {
            _lastForcedReload = now;
            Log.ReloadingForUnknownKey(_logger);
        }

        return ValidationKeys(await GetSnapshotAsync(requireSigningKey: false, forceReload: force, cancellationToken));
    }

    private IReadOnlyList<SecurityKey> ValidationKeys(Snapshot snapshot)
    {
        var now = _timeProvider.GetUtcNow();
        return [.. snapshot.Keys.Where(k => k.VerifiesAt(now)).Select(k => k.PublicKey)];
    }

    private async Task<Snapshot> GetSnapshotAsync(bool requireSigningKey, bool forceReload, CancellationToken cancellationToken)
    {
        if (_configured is not null)
        {
            return _snapshot ??= new Snapshot([_configured.Value], DateTimeOffset.MaxValue);
        }

        var current = Volatile.Read(ref _snapshot);
        if (!forceReload && IsFresh(current, requireSigningKey))
        {
            return current!;
        }

        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            // Whoever waited for the gate may find the snapshot the previous holder just loaded.
            current = _snapshot;
            if (IsFresh(current, requireSigningKey) && (!forceReload || current!.LoadedAt >= _lastForcedReload))
            {
                return current!;
            }

            var loaded = await LoadAsync(requireSigningKey, cancellationToken);
            Volatile.Write(ref _snapshot, loaded);
            return loaded;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private bool IsFresh(Snapshot? snapshot, bool requireSigningKey)
    {
        if (snapshot is null)
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        return now - snapshot.LoadedAt < FacadeTokenDefaults.KeyCacheDuration
            && (!requireSigningKey || snapshot.SigningKey(now) is not null);
    }

    private async Task<Snapshot> LoadAsync(bool requireSigningKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxGenerationAttempts; attempt++)
        {
            var now = _timeProvider.GetUtcNow();
            var records = await _store.ListAsync(cancellationToken);
            var keys = records.Select(TryLoadStoredKey).OfType<FacadeSigningKey>().ToList();
            var snapshot = new Snapshot(keys, now);
            if (!requireSigningKey || snapshot.SigningKey(now) is not null)
            {
                return snapshot;
            }

            // No key may sign: create the next generation. Every instance that got here computes the same number,
            // so exactly one insert succeeds; the others read again and use the winner's key.
            var generation = (records.Count == 0 ? 0 : records.Max(r => r.Generation)) + 1;
            var (generated, pem) = SigningKeyMaterial.Generate();
            var retireAt = now + FacadeTokenDefaults.GeneratedKeySigningLifetime;
            var record = new SigningKeyRecord
            {
                KeyId = generated.KeyId,
                Generation = generation,
                Algorithm = generated.Algorithm,
                PrivateKeyProtected = _protector.Protect(FacadeProtectionPurposes.SigningKey, pem),
                CreatedAt = now,
                RetireAt = retireAt,
                ExpiresAt = retireAt + _options.AccessTokenLifetime + FacadeTokenDefaults.RetiredKeyMargin,
            };

            var created = await _store.CreateAsync(record, cancellationToken);
            if (created.Succeeded)
            {
                Log.GeneratedKey(_logger, generated.KeyId, generation, retireAt);
                continue;
            }

            if (created.Status != StoreWriteStatus.Conflict)
            {
                throw new InvalidOperationException($"Storing generated signing key generation {generation} failed: {created.Status}.");
            }

            Log.LostGenerationRace(_logger, generation);
        }

        throw new InvalidOperationException(
            $"No usable signing key after {MaxGenerationAttempts} attempts: stored keys cannot be read with this data-protection key ring, " +
            "or the store keeps refusing new ones. Check the DataProtectionKeys and OAuthSigningKeys tables, or configure Facade:SigningKey.");
    }

    private FacadeSigningKey? TryLoadStoredKey(SigningKeyRecord record)
    {
        if (!_protector.TryUnprotect(FacadeProtectionPurposes.SigningKey, record.PrivateKeyProtected, out var pem))
        {
            // The data-protection ring that protected it is gone (e.g. its table was deleted): skip it, and a new
            // generation is created if no other key can sign.
            Log.UnreadableStoredKey(_logger, record.KeyId, record.Generation);
            return null;
        }

        FacadeSigningKey key;
        try
        {
            key = SigningKeyMaterial.FromPem(pem, $"Stored signing key generation {record.Generation}");
        }
        catch (InvalidOperationException)
        {
            Log.UnreadableStoredKey(_logger, record.KeyId, record.Generation);
            return null;
        }

        return new FacadeSigningKey
        {
            KeyId = key.KeyId,
            Algorithm = key.Algorithm,
            PrivateKey = key.PrivateKey,
            PublicKey = key.PublicKey,
            PublicJwk = key.PublicJwk,
            Generation = record.Generation,
            CreatedAt = record.CreatedAt,
            RetireAt = record.RetireAt,
            ExpiresAt = record.ExpiresAt,
        };
    }

    private FacadeSigningKey LoadConfiguredKey()
    {
        var key = SigningKeyMaterial.FromPem(_options.SigningKey!);
        Log.UsingConfiguredKey(_logger, key.KeyId, key.Algorithm);
        return key;
    }

    public void Dispose() => _loadGate.Dispose();

    /// <summary>The keys as read at <see cref="LoadedAt"/>.</summary>
    private sealed record Snapshot(IReadOnlyList<FacadeSigningKey> Keys, DateTimeOffset LoadedAt)
    {
        /// <summary>The newest key that may sign at <paramref name="now"/>.</summary>
        public FacadeSigningKey? SigningKey(DateTimeOffset now) =>
            Keys.Where(k => k.SignsAt(now)).OrderByDescending(k => k.Generation).ThenByDescending(k => k.CreatedAt).FirstOrDefault();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Façade signing key: configured in Facade:SigningKey, kid {KeyId}, {Algorithm}; not stored")]
        public static partial void UsingConfiguredKey(ILogger logger, string keyId, string algorithm);

        [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Façade generated a signing key and stored it (kid {KeyId}, generation {Generation}, signs until {RetireAt:O}); configure Facade:SigningKey from Key Vault in production")]
        public static partial void GeneratedKey(ILogger logger, string keyId, long generation, DateTimeOffset retireAt);

        [LoggerMessage(EventId = 5012, Level = LogLevel.Debug, Message = "Another instance created signing key generation {Generation} first; using its key")]
        public static partial void LostGenerationRace(ILogger logger, long generation);

        [LoggerMessage(EventId = 5013, Level = LogLevel.Error, Message = "Stored signing key {KeyId} (generation {Generation}) cannot be read with this data-protection key ring; it is skipped")]
        public static partial void UnreadableStoredKey(ILogger logger, string keyId, long generation);

        [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "A token names a signing key this instance has not loaded: reading the keys again (at most every 10 s)")]
        public static partial void ReloadingForUnknownKey(ILogger logger);
    }
}
