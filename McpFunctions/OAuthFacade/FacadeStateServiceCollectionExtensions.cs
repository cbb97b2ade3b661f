using McpFunctions.Hosting;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.ResourceServer;
using McpFunctions.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade;

internal static class FacadeStateServiceCollectionExtensions
{
    /// <summary>
    /// Registers the façade's state and token layer: the five OAuth stores (Table Storage when a storage connection
    /// is configured — see <see cref="TableStorageConnection.FromConfiguration(IConfiguration)"/> — else in-memory),
    /// their purge targets, ASP.NET Core Data Protection with its key ring in the same storage (application name
    /// <c>McpFunctions</c>) and <see cref="FacadeProtector"/>, the signing <see cref="IFacadeKeyRing"/>, the
    /// <see cref="IAccessTokenIssuer"/>, and <see cref="FacadeTokenValidator"/>. When <c>Auth:Mode</c> is
    /// <c>Facade</c>, that validator replaces any <see cref="ITokenValidator"/> registered so far and, since
    /// <c>AddTokenValidation</c> only TryAdds, stays the validator whichever is called first.
    /// Binds <see cref="FacadeOptions"/> unless something already did. Idempotent.
    /// </summary>
    /// <exception cref="InvalidOperationException">Storage settings are present but unusable; the message says what to set.</exception>
    public static IServiceCollection AddOAuthFacadeState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(FacadeKeyRing)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OAuthStoreOptions>().BindConfiguration(OAuthStoreOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OAuthStoreOptions>, OAuthStoreOptionsValidator>());

        // Binding twice would append every list setting twice (configuration binding appends to lists).
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<FacadeOptions>)))
        {
            services.AddOptions<FacadeOptions>().BindConfiguration(FacadeOptions.SectionName);
        }

        services.AddOptions<FacadeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacadeOptions>, FacadeSigningKeyValidator>());

        var useTable = AddStores(services, configuration);
        AddSharedDataProtection(services, configuration, useTable);

        services.TryAddSingleton<PublicUrls>();
        services.TryAddSingleton<ProtectedResourceUris>();
        services.TryAddSingleton<FacadeKeyRing>();
        services.TryAddSingleton<IFacadeKeyRing>(provider => provider.GetRequiredService<FacadeKeyRing>());
        services.TryAddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
        services.TryAddSingleton<GrantStatusCache>();
        services.TryAddSingleton<FacadeTokenValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FacadeStateStartupLog>());

        return services;
    }

    /// <returns>True when the stores are in Table Storage.</returns>
    private static bool AddStores(IServiceCollection services, IConfiguration configuration)
    {
        // Decided here rather than at resolution: with settings present but broken, start-up must fail instead of
        // quietly keeping grants in memory where other instances cannot see them.
        var connection = TableStorageConnection.FromConfiguration(configuration);
        var inTable = connection is not null;
        if (inTable)
        {
            services.AddTableStorage(connection!);
        }

        services.AddExpiringRecordSet<OAuthClientRecord, OAuthStoreOptions>(inTable, OAuthClientStore.Schema, o => o.ClientsTableName, o => o.MaxInMemoryEntries);
        services.AddExpiringRecordSet<PendingAuthorizationRecord, OAuthStoreOptions>(inTable, PendingAuthorizationStore.Schema, o => o.PendingAuthorizationsTableName, o => o.MaxInMemoryEntries);
        services.AddExpiringRecordSet<AuthorizationCodeRecord, OAuthStoreOptions>(inTable, AuthorizationCodeStore.Schema, o => o.CodesTableName, o => o.MaxInMemoryEntries);
        services.AddExpiringRecordSet<GrantRecord, OAuthStoreOptions>(inTable, GrantStore.Schema, o => o.GrantsTableName, o => o.MaxInMemoryEntries);
        services.AddExpiringRecordSet<SigningKeyRecord, OAuthStoreOptions>(inTable, SigningKeyStore.Schema, o => o.SigningKeysTableName, o => o.MaxInMemoryEntries);
        services.TryAddSingleton<IOAuthClientStore, OAuthClientStore>();
        services.TryAddSingleton<IPendingAuthorizationStore, PendingAuthorizationStore>();
        services.TryAddSingleton<IAuthorizationCodeStore, AuthorizationCodeStore>();
        services.TryAddSingleton<IGrantStore, GrantStore>();
        services.TryAddSingleton<ISigningKeyStore, SigningKeyStore>();
        if (!inTable)
        {
            return false;
        }

        // Table Storage has no TTL: the purge job deletes rows whose ExpiresAt has passed, reading each table's name
        // from the options when it starts. DataProtectionKeys is not purged: old keys still read old payloads.
        services.AddExpiredRowPurgeTarget<OAuthStoreOptions>(options => options.ClientsTableName, OAuthEntityProperties.ExpiresAt);
        services.AddExpiredRowPurgeTarget<OAuthStoreOptions>(options => options.PendingAuthorizationsTableName, OAuthEntityProperties.ExpiresAt);
        services.AddExpiredRowPurgeTarget<OAuthStoreOptions>(options => options.CodesTableName, OAuthEntityProperties.ExpiresAt);
        services.AddExpiredRowPurgeTarget<OAuthStoreOptions>(options => options.GrantsTableName, OAuthEntityProperties.ExpiresAt);
        services.AddExpiredRowPurgeTarget<OAuthStoreOptions>(options => options.SigningKeysTableName, OAuthEntityProperties.ExpiresAt);
        return true;
    }

    private static void AddSharedDataProtection(IServiceCollection services, IConfiguration configuration, bool useTable)
    {
        // Fixed application name: the default is the content root path, which differs between hosts and slots.
        var dataProtection = services.AddDataProtection().SetApplicationName(FacadeDataProtectionDefaults.ApplicationName);

        // Keys encrypted at rest with the configured certificate (which also decrypts them: Linux workers have no
        // certificate store to find it in). One that does not load is left to the options validator, which stops
        // the start with a message naming the setting.
        var certificate = LoadCertificateOrNull(configuration[$"{FacadeDataProtectionOptions.SectionName}:{nameof(FacadeDataProtectionOptions.Certificate)}"]);
        if (certificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        if (useTable)
        {
            services.TryAddSingleton<TableXmlRepository>();
        }
        else
        {
            services.TryAddSingleton<InMemoryXmlRepository>();
        }

        services.AddOptions<FacadeDataProtectionOptions>().BindConfiguration(FacadeDataProtectionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacadeDataProtectionOptions>, FacadeDataProtectionOptionsValidator>());
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            options.XmlRepository = useTable
                ? provider.GetRequiredService<TableXmlRepository>()
                : provider.GetRequiredService<InMemoryXmlRepository>();
            if (certificate is null)
            {
                // Keys at rest in clear, on purpose: an in-memory ring never leaves the process, and a table's exposure
                // is reported by FacadeStateStartupLog with what to set, instead of the framework's generic
                // "No XML encryptor configured" warning on every start.
                options.XmlEncryptor = new NullXmlEncryptor();
            }
        }));
        services.TryAddSingleton<FacadeProtector>();
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? LoadCertificateOrNull(string? base64Pkcs12)
    {
        if (string.IsNullOrWhiteSpace(base64Pkcs12))
        {
            return null;
        }

        try
        {
            return FacadeDataProtectionOptionsValidator.Load(base64Pkcs12);
        }
        catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
