namespace McpFunctions.Storage;

/// <summary>
/// A Table Storage table whose rows carry an expiry and are to be deleted once it has passed. Table Storage has no
/// TTL: every store that writes expiring rows declares its table here (<c>AddExpiredRowPurgeTarget</c>, with a fixed
/// table name or one read from the store's options), and the purge job (Maintenance) deletes what has expired.
/// The description lives beside the storage it describes, so the features that own tables never name the job.
/// </summary>
internal interface IPurgeTarget
{
    /// <summary>The table to purge.</summary>
    string TableName { get; }

    /// <summary>
    /// The <c>Edm.DateTime</c> property holding the row's expiry; a row whose value is earlier than now is
    /// deleted. Rows without the property (or with another type) never match the filter and are kept.
    /// </summary>
    string ExpiresAtProperty { get; }
}
