namespace McpFunctions.Maintenance;

/// <summary>
/// A Table Storage table whose rows carry an expiry and are deleted by <see cref="ExpiredRowPurger"/>
/// once it has passed. Table Storage has no TTL: every store that writes expiring rows registers one
/// of these (<c>AddExpiredRowPurgeTarget</c>, with a fixed table name or one read from the store's options).
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
