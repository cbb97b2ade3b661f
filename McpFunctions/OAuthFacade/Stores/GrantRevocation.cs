using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Revoking a grant the same way in every store: read, set <c>Revoked</c>, If-Match; on a lost race read again.</summary>
internal static class GrantRevocation
{
    // Each retry follows a write that succeeded for someone else, so this many in a row means a fault, not contention.
    private const int MaxAttempts = 10;

    public static async Task<bool> RevokeAsync(IGrantStore store, string grantId, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var grant = await store.GetAsync(grantId, cancellationToken);
            if (grant is null)
            {
                return false;
            }

            if (grant.Revoked)
            {
                return true;
            }

            var updated = await store.UpdateAsync(grant with { Revoked = true, UpdatedAt = timeProvider.GetUtcNow() }, cancellationToken);
            switch (updated.Status)
            {
                case StoreWriteStatus.Success:
                    return true;
                case StoreWriteStatus.NotFound:
                    return false;
            }
        }

        throw new InvalidOperationException($"Grant revocation lost {MaxAttempts} ETag races in a row; the grant store is not behaving as a store.");
    }
}
