using McpFunctions.Mcp;
using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.ResourceServer;
using McpFunctions.Storage;
using McpFunctions.Tests.OAuthFacade.Tokens;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;

namespace McpFunctions.Tests.OAuthFacade.Stores;

/// <summary><c>AddOAuthFacadeState</c>: which stores, which key ring, which validator, and what it refuses at start-up.</summary>
public sealed class FacadeStateRegistrationTests
{
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    [Fact]
    public async Task WithoutStorage_RegistersInMemoryStoresAndKeyRing_AndWarnsAtStartup()
    {
        await using var host = FacadeTestHost.Create(new ManualTimeProvider());

        Assert.IsType<InMemoryExpiringRecordSet<OAuthClientRecord>>(Assert.IsType<OAuthClientStore>(host.Get<IOAuthClientStore>()).Records);
        Assert.IsType<InMemoryExpiringRecordSet<PendingAuthorizationRecord>>(Assert.IsType<PendingAuthorizationStore>(host.Get<IPendingAuthorizationStore>()).Records);
        Assert.IsType<InMemoryExpiringRecordSet<AuthorizationCodeRecord>>(Assert.IsType<AuthorizationCodeStore>(host.Get<IAuthorizationCodeStore>()).Records);
        Assert.IsType<InMemoryExpiringRecordSet<GrantRecord>>(Assert.IsType<GrantStore>(host.Get<IGrantStore>()).Records);
        Assert.IsType<InMemoryExpiringRecordSet<SigningKeyRecord>>(Assert.IsType<SigningKeyStore>(host.Get<ISigningKeyStore>()).Records);
        Assert.IsType<InMemoryXmlRepository>(host.Get<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.IsType<JwtAccessTokenIssuer>(host.Get<IAccessTokenIssuer>());
        Assert.Same(host.Get<FacadeKeyRing>(), host.Get<IFacadeKeyRing>());

        foreach (var service in host.Get<IEnumerable<IHostedService>>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var warnings = host.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.EventId.Id).ToList();
        Assert.Contains(5001, warnings);
        Assert.Contains(5004, warnings);
        Assert.Contains("will not survive a restart", host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutStorage_InDevelopment_SaysSoAtInformation_SinceALocalRunIsMeantToBeInMemory()
    {
        var environment = Mock.Of<IHostEnvironment>(e => e.EnvironmentName == Environments.Development);
        await using var host = FacadeTestHost.Create(new ManualTimeProvider(), configureServices: services => services.AddSingleton(environment));

        foreach (var service in host.Get<IEnumerable<IHostedService>>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        Assert.Equal(LogLevel.Information, Assert.Single(host.Logs.Lines, l => l.EventId.Id == 5001).Level);
        Assert.Equal(LogLevel.Information, Assert.Single(host.Logs.Lines, l => l.EventId.Id == 5004).Level);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public void WithStorage_RegistersTableStores_AndPurgesEveryExpiringTableButTheKeyRing()
    {
        var services = Services(new() { ["AzureWebJobsStorage"] = DevelopmentStorage, ["Facade:Storage:CodesTableName"] = "MyCodes" });
        using var provider = services.BuildServiceProvider();

        Assert.IsType<TableExpiringRecordSet<OAuthClientRecord>>(Assert.IsType<OAuthClientStore>(provider.GetRequiredService<IOAuthClientStore>()).Records);
        Assert.IsType<TableExpiringRecordSet<PendingAuthorizationRecord>>(Assert.IsType<PendingAuthorizationStore>(provider.GetRequiredService<IPendingAuthorizationStore>()).Records);
        Assert.IsType<TableExpiringRecordSet<AuthorizationCodeRecord>>(Assert.IsType<AuthorizationCodeStore>(provider.GetRequiredService<IAuthorizationCodeStore>()).Records);
        Assert.IsType<TableExpiringRecordSet<GrantRecord>>(Assert.IsType<GrantStore>(provider.GetRequiredService<IGrantStore>()).Records);
        Assert.IsType<TableExpiringRecordSet<SigningKeyRecord>>(Assert.IsType<SigningKeyStore>(provider.GetRequiredService<ISigningKeyStore>()).Records);
        Assert.IsType<TableXmlRepository>(provider.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.Equal("MyCodes", ((TableExpiringRecordSet<AuthorizationCodeRecord>)((AuthorizationCodeStore)provider.GetRequiredService<IAuthorizationCodeStore>()).Records).TableName);

        var purged = provider.GetServices<IPurgeTarget>().ToDictionary(t => t.TableName, t => t.ExpiresAtProperty);
        Assert.Equal(
            ["MyCodes", "OAuthClients", "OAuthGrants", "OAuthPendingAuthorizations", "OAuthSigningKeys"],
            purged.Keys.Order(StringComparer.Ordinal));
        Assert.All(purged.Values, property => Assert.Equal("ExpiresAt", property));
    }

    [Fact]
    public void IsIdempotent_AndDoesNotBindFacadeOptionsASecondTime()
    {
        var services = BaseServices(new() { ["Facade:AllowedRedirectUris:0"] = "https://one.example/cb" }, out var configuration);
        services.AddOptions<FacadeOptions>().BindConfiguration(FacadeOptions.SectionName);

        services.AddOAuthFacadeState(configuration);
        services.AddOAuthFacadeState(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(FacadeKeyRing));
        Assert.Single(services, d => d.ServiceType == typeof(IGrantStore));
        Assert.Single(services, d => d.ServiceType == typeof(FacadeProtector));
        Assert.Equal(["https://one.example/cb"], provider.GetRequiredService<IOptions<FacadeOptions>>().Value.AllowedRedirectUris);
    }

    [Fact]
    public void FacadeState_RegistersNoTokenValidator_TheCompositionRootChoosesIt()
    {
        var services = BaseServices(new() { ["Auth:Mode"] = "facade" }, out var configuration);

        services.AddOAuthFacadeState(configuration);

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ITokenValidator));
        Assert.Single(services, d => d.ServiceType == typeof(FacadeTokenValidator));
    }

    [Fact]
    public void Startup_Fails_ForABadTableName_OrTwoStoresInOneTable()
    {
        using var provider = Services(new()
        {
            ["Facade:Storage:GrantsTableName"] = "no-dashes",
            ["Facade:Storage:CodesTableName"] = "Shared",
            ["Facade:Storage:ClientsTableName"] = "shared",
        }).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OAuthStoreOptions>>().Value);

        Assert.Contains("Facade:Storage:GrantsTableName 'no-dashes' is not a valid table name", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ClientsTableName and CodesTableName name the same table", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_Fails_ForASigningKeyThatCannotSign_WithoutEchoingIt()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(1024);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        using var provider = Services(new() { ["Facade:SigningKey"] = pem }).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FacadeOptions>>().Value);

        Assert.Contains("Facade:SigningKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("1024 bits", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(pem.Split('\n')[1], failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The purge targets registered for these settings (used by the Azurite purge test).</summary>
    internal static IReadOnlyList<IPurgeTarget> RegisteredPurgeTargets(Dictionary<string, string?> settings)
    {
        using var provider = Services(settings).BuildServiceProvider();
        return [.. provider.GetServices<IPurgeTarget>()];
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = BaseServices(settings, out var configuration);
        services.AddOAuthFacadeState(configuration);
        return services;
    }

    private static ServiceCollection BaseServices(Dictionary<string, string?> settings, out IConfiguration configuration)
    {
        configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(configuration);
        services.AddSingleton(Mock.Of<IServer>());
        services.AddOptions<ProtectedResourceOptions>().Configure(o => o.Paths.Add("/mcp"));
        return services;
    }
}
