using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace McpFunctions.Storage;

/// <summary>
/// Where the Table service is and how to authenticate to it, parsed from settings the way Azure
/// Functions reads a storage connection (https://learn.microsoft.com/azure/azure-functions/functions-reference#connections):
/// either a connection string under the connection name, or identity-based settings under it as a
/// prefix (<c>{name}__tableServiceUri</c> or <c>{name}__accountName</c>, plus <c>__credential</c>
/// and <c>__clientId</c>). Exactly one of <see cref="SharedKey"/> and <see cref="TokenCredential"/> is set.
/// </summary>
internal sealed record TableStorageConnection
{
    private const string UseDevelopmentStorageKey = "UseDevelopmentStorage";
    private const string DefaultEndpointsProtocolKey = "DefaultEndpointsProtocol";
    private const string AccountNameKey = "AccountName";
    private const string AccountKeyKey = "AccountKey";
    private const string TableEndpointKey = "TableEndpoint";
    private const string EndpointSuffixKey = "EndpointSuffix";
    private const string SharedAccessSignatureKey = "SharedAccessSignature";
    private const string DevelopmentStorageProxyUriKey = "DevelopmentStorageProxyUri";
    private const string DefaultEndpointSuffix = "core.windows.net";

    private const string TableServiceUriSetting = "tableServiceUri";
    private const string AccountNameSetting = "accountName";
    private const string CredentialSetting = "credential";
    private const string ClientIdSetting = "clientId";
    private const string ManagedIdentityCredentialValue = "managedidentity";

    private TableStorageConnection(string connectionName, Uri tableServiceUri)
    {
        ConnectionName = connectionName;
        TableServiceUri = tableServiceUri;
    }

    /// <summary>The connection (setting prefix) this was read from, e.g. <c>AzureWebJobsStorage</c>.</summary>
    public string ConnectionName { get; }

    /// <summary>The Table service endpoint, without a trailing slash; for Azurite it ends with the account name.</summary>
    public Uri TableServiceUri { get; }

    /// <summary>Set for account-key connection strings (and Azurite).</summary>
    public TableSharedKeyCredential? SharedKey { get; private init; }

    /// <summary>Set for identity-based connections (managed identity on Azure, developer credentials locally).</summary>
    public TokenCredential? TokenCredential { get; private init; }

    /// <summary>Reads the connection named by <c>Storage:Connection</c> (default <c>AzureWebJobsStorage</c>).</summary>
    /// <returns>null when nothing is configured under that name.</returns>
    /// <exception cref="InvalidOperationException">Something is configured but cannot be used; the message says what to set.</exception>
    public static TableStorageConnection? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionName = configuration[TableStorageDefaults.ConnectionNameSetting];
        return FromConfiguration(
            configuration,
            string.IsNullOrWhiteSpace(connectionName) ? TableStorageDefaults.DefaultConnectionName : connectionName.Trim());
    }

    /// <inheritdoc cref="FromConfiguration(IConfiguration)"/>
    public static TableStorageConnection? FromConfiguration(IConfiguration configuration, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        // The Functions host looks in ConnectionStrings first, then at the plain setting.
        var connectionString = configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration[connectionName];
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString, connectionName);
        }

        // "AzureWebJobsStorage__tableServiceUri" in the environment is "AzureWebJobsStorage:tableServiceUri" here.
        var section = configuration.GetSection(connectionName);
        return section.GetChildren().Any() ? FromIdentitySettings(section, connectionName) : null;
    }

    /// <summary>Parses an account-key connection string, or <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    /// <exception cref="InvalidOperationException">The string is malformed or lacks what Shared Key needs.</exception>
    public static TableStorageConnection FromConnectionString(string connectionString, string connectionName = TableStorageDefaults.DefaultConnectionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var settings = ParseConnectionString(connectionString, connectionName);

        if (settings.TryGetValue(UseDevelopmentStorageKey, out var useDevelopmentStorage))
        {
            if (!string.Equals(useDevelopmentStorage, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(connectionName, $"'{UseDevelopmentStorageKey}' may only be 'true'.");
            }

            if (settings.ContainsKey(DevelopmentStorageProxyUriKey))
            {
                throw Invalid(connectionName, $"'{DevelopmentStorageProxyUriKey}' is not supported; use a full connection string with '{TableEndpointKey}' instead.");
            }

            return new TableStorageConnection(connectionName, new Uri(TableStorageDefaults.DevelopmentTableEndpoint))
            {
                SharedKey = new TableSharedKeyCredential(TableStorageDefaults.DevelopmentAccountName, TableStorageDefaults.DevelopmentAccountKey),
            };
        }

        if (settings.ContainsKey(SharedAccessSignatureKey))
        {
            throw Invalid(connectionName, $"'{SharedAccessSignatureKey}' connection strings are not supported; use '{AccountNameKey}' and '{AccountKeyKey}', or identity-based settings ('{connectionName}__{TableServiceUriSetting}').");
        }

        if (!settings.TryGetValue(AccountNameKey, out var accountName) || string.IsNullOrWhiteSpace(accountName))
        {
            throw Invalid(connectionName, $"it has no '{AccountNameKey}'. Expected 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net' or 'UseDevelopmentStorage=true'.");
        }

        if (!settings.TryGetValue(AccountKeyKey, out var accountKey) || string.IsNullOrWhiteSpace(accountKey))
        {
            throw Invalid(connectionName, $"it has '{AccountNameKey}' but no '{AccountKeyKey}'. Add the account key, or use identity-based settings ('{connectionName}__{AccountNameSetting}') instead of a connection string.");
        }

        if (!Convert.TryFromBase64String(accountKey, new byte[accountKey.Length], out _))
        {
            // Never echo the key: the message only says what is wrong with it.
            throw Invalid(connectionName, $"its '{AccountKeyKey}' is not valid base64.");
        }

        var sharedKey = new TableSharedKeyCredential(accountName, accountKey);

        var endpoint = settings.TryGetValue(TableEndpointKey, out var tableEndpoint)
            ? ParseServiceUri(tableEndpoint, connectionName, TableEndpointKey)
            : BuildAccountEndpoint(settings, accountName, connectionName);

        return new TableStorageConnection(connectionName, endpoint) { SharedKey = sharedKey };
    }

    /// <summary>An identity-based connection with a credential chosen in code (another identity, or a test double).</summary>
    public static TableStorageConnection FromTokenCredential(Uri tableServiceUri, TokenCredential credential, string connectionName = TableStorageDefaults.DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        return new TableStorageConnection(connectionName, tableServiceUri) { TokenCredential = credential };
    }

    /// <summary>How this connection authenticates, safe to log: the account name or the credential type, never a key.</summary>
    public string Authentication => SharedKey is not null
        ? $"Shared Key for account '{SharedKey.AccountName}'"
        : $"token credential {TokenCredential?.GetType().Name}";

    public override string ToString() => $"{ConnectionName}: {TableServiceUri} ({Authentication})";

    private static TableStorageConnection FromIdentitySettings(IConfigurationSection section, string connectionName)
    {
        var serviceUriSetting = section[TableServiceUriSetting];
        var accountName = section[AccountNameSetting];

        Uri serviceUri;
        if (!string.IsNullOrWhiteSpace(serviceUriSetting))
        {
            serviceUri = ParseServiceUri(serviceUriSetting, connectionName, $"{connectionName}__{TableServiceUriSetting}");
        }
        else if (!string.IsNullOrWhiteSpace(accountName))
        {
            serviceUri = new Uri($"https://{accountName.Trim()}.table.{DefaultEndpointSuffix}");
        }
        else
        {
            // Typically only __blobServiceUri/__queueServiceUri were set for the Functions runtime itself;
            // guessing the table endpoint from them would be wrong for custom domains, so ask instead.
            throw Invalid(connectionName, $"identity-based settings are present but neither '{connectionName}__{TableServiceUriSetting}' nor '{connectionName}__{AccountNameSetting}' is set.");
        }

        // Bearer tokens are only ever sent over TLS (Azure.Core's BearerTokenAuthenticationPolicy refuses
        // plain http too); failing here says so at start-up instead of on the first request.
        if (serviceUri.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid(connectionName, "identity-based connections need an https table endpoint.");
        }

        var credentialKind = section[CredentialSetting];
        var clientId = section[ClientIdSetting];
        TokenCredential credential;
        if (string.IsNullOrWhiteSpace(credentialKind))
        {
            // No explicit credential: the Functions convention for local development, where
            // DefaultAzureCredential finds the developer's az/azd/VS sign-in.
            credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId.Trim(),
            });
        }
        else if (string.Equals(credentialKind.Trim(), ManagedIdentityCredentialValue, StringComparison.OrdinalIgnoreCase))
        {
            credential = new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId.Trim()));
        }
        else
        {
            throw Invalid(connectionName, $"'{connectionName}__{CredentialSetting}' may only be '{ManagedIdentityCredentialValue}' (or absent for DefaultAzureCredential).");
        }

        return new TableStorageConnection(connectionName, serviceUri) { TokenCredential = credential };
    }

    private static Dictionary<string, string> ParseConnectionString(string connectionString, string connectionName)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: base64 keys and SAS tokens end with '='.
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw Invalid(connectionName, "it is not a list of 'Name=Value' pairs separated by ';'.");
            }

            settings[segment[..separator].Trim()] = segment[(separator + 1)..].Trim();
        }

        return settings;
    }

    private static Uri BuildAccountEndpoint(Dictionary<string, string> settings, string accountName, string connectionName)
    {
        var protocol = settings.TryGetValue(DefaultEndpointsProtocolKey, out var value) ? value : Uri.UriSchemeHttps;
        if (!string.Equals(protocol, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(protocol, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(connectionName, $"'{DefaultEndpointsProtocolKey}' must be 'https' or 'http'.");
        }

        var suffix = settings.TryGetValue(EndpointSuffixKey, out var endpointSuffix) && !string.IsNullOrWhiteSpace(endpointSuffix)
            ? endpointSuffix
            : DefaultEndpointSuffix;
        return ParseServiceUri($"{protocol.ToLowerInvariant()}://{accountName}.table.{suffix}", connectionName, EndpointSuffixKey);
    }

    private static Uri ParseServiceUri(string value, string connectionName, string settingName)
    {
        if (!Uri.TryCreate(value.Trim().TrimEnd('/'), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query))
        {
            throw Invalid(connectionName, $"'{settingName}' must be an absolute http(s) URL without a query, such as 'https://myaccount.table.core.windows.net'.");
        }

        return uri;
    }

    private static InvalidOperationException Invalid(string connectionName, string problem) =>
        new($"The storage connection '{connectionName}' cannot be used: {problem}");
}
