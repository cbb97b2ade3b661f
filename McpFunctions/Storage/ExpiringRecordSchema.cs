using Azure.Data.Tables;

namespace McpFunctions.Storage;

/// <summary>
/// How one kind of record lives in an <see cref="IExpiringRecordSet{T}"/>: its row (keys and properties, exactly
/// as the Table store writes it, so the in-memory set keys records the same way), its expiry and its ETag. The
/// feature that owns the record writes one of these; both implementations of the set run on it.
/// </summary>
internal sealed class ExpiringRecordSchema<T>
    where T : class
{
    /// <summary>The row for a record: PartitionKey, RowKey and every property (null = not stored).</summary>
    public required Func<T, TableEntity> ToEntity { get; init; }

    /// <summary>The record for a row, carrying the row's ETag. A missing required property is a fault, not a miss.</summary>
    public required Func<TableEntity, T> FromEntity { get; init; }

    /// <summary>The instant from which the record reads as absent (Table Storage has no TTL).</summary>
    public required Func<T, DateTimeOffset> ExpiresAt { get; init; }

    /// <summary>The record's concurrency token; null until it was stored.</summary>
    public required Func<T, string?> ETag { get; init; }

    /// <summary>A copy of the record carrying another ETag (the in-memory set versions records itself).</summary>
    public required Func<T, string, T> WithETag { get; init; }

    /// <summary>One rule for every set: a record is gone at its expiry instant, not after it.</summary>
    public bool IsExpired(T record, DateTimeOffset now) => ExpiresAt(record) <= now;

    /// <summary>The ETag an update must match.</summary>
    /// <exception cref="ArgumentException">The record was never read from a set, so there is nothing to compare against.</exception>
    public string RequireETag(T record)
    {
        var etag = ETag(record);
        return string.IsNullOrEmpty(etag)
            ? throw new ArgumentException("An update needs the ETag of the record it replaces (read it from the store first).", nameof(record))
            : etag;
    }
}
