namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Where the façade keeps its state (section <c>Facade:Storage</c>, app settings <c>Facade__Storage__ClientsTableName</c>…).
/// The tables live in the storage account of <c>Storage:Connection</c> (default <c>AzureWebJobsStorage</c>), beside the sessions.
/// </summary>
internal sealed class OAuthStoreOptions
{
    public const string SectionName = "Facade:Storage";

    /// <summary>Registered clients and cached Client ID Metadata Documents. Default <c>OAuthClients</c>.</summary>
    public string ClientsTableName { get; set; } = "OAuthClients";

    /// <summary>Consented requests waiting for the upstream callback. Default <c>OAuthPendingAuthorizations</c>.</summary>
    public string PendingAuthorizationsTableName { get; set; } = "OAuthPendingAuthorizations";

    /// <summary>Authorization codes. Default <c>OAuthCodes</c>.</summary>
    public string CodesTableName { get; set; } = "OAuthCodes";

    /// <summary>Grants (refresh-token families). Default <c>OAuthGrants</c>.</summary>
    public string GrantsTableName { get; set; } = "OAuthGrants";

    /// <summary>Generated token-signing keys. Default <c>OAuthSigningKeys</c>.</summary>
    public string SigningKeysTableName { get; set; } = "OAuthSigningKeys";

    /// <summary>The ASP.NET Core Data Protection key ring shared by every instance. Default <c>DataProtectionKeys</c>.</summary>
    public string DataProtectionKeysTableName { get; set; } = "DataProtectionKeys";

    /// <summary>
    /// The most rows each in-memory store keeps (default 10,000) before dropping expired rows and then the row closest
    /// to expiry: registration is open to anyone, so a local process must not grow without bound.
    /// </summary>
    public int MaxInMemoryEntries { get; set; } = 10_000;

    /// <summary>Every table name, for validation and purge registration.</summary>
    internal IEnumerable<(string Setting, string Value)> TableNames()
    {
        yield return (nameof(ClientsTableName), ClientsTableName);
        yield return (nameof(PendingAuthorizationsTableName), PendingAuthorizationsTableName);
        yield return (nameof(CodesTableName), CodesTableName);
        yield return (nameof(GrantsTableName), GrantsTableName);
        yield return (nameof(SigningKeysTableName), SigningKeysTableName);
        yield return (nameof(DataProtectionKeysTableName), DataProtectionKeysTableName);
    }
}
