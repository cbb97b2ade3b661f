using McpFunctions.Sessions;
using McpFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.Sessions;

public sealed class SessionStoreServiceCollectionExtensionsTests
{
    [Fact]
    public void AddMcpSessionStore_RegistersInMemoryStore_WhenNoStorageConfigured()
    {
        using var provider = Build(new());

        Assert.IsType<InMemoryExpiringRecordSet<SessionRecord>>(Assert.IsType<SessionStore>(provider.GetRequiredService<ISessionStore>()).Records);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Null(provider.GetService<TableStorage>());
    }

    [Fact]
    public void AddMcpSessionStore_RegistersTableStore_WhenConnectionStringConfigured()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["Sessions:TableName"] = "OtherSessions" });

        var store = Assert.IsType<TableExpiringRecordSet<SessionRecord>>(Assert.IsType<SessionStore>(provider.GetRequiredService<ISessionStore>()).Records);
        Assert.Equal("OtherSessions", store.TableName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), store.Connection.TableServiceUri);
    }

    [Fact]
    public void AddMcpSessionStore_RegistersTableStore_WhenIdentitySettingsConfigured()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage:accountName"] = "myaccount",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        });

        var store = Assert.IsType<TableExpiringRecordSet<SessionRecord>>(Assert.IsType<SessionStore>(provider.GetRequiredService<ISessionStore>()).Records);
        Assert.Equal("McpSessions", store.TableName);
        Assert.NotNull(store.Connection.TokenCredential);
    }

    [Fact]
    public void AddMcpSessionStore_Throws_WhenStorageSettingsMalformed()
    {
        var configuration = Configuration(new() { ["AzureWebJobsStorage"] = "AccountName=myaccount" });

        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddMcpSessionStore(configuration));

        Assert.Contains("AccountKey", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMcpSessionStore_IsIdempotent_AndKeepsEarlierRegistrations()
    {
        var configuration = Configuration(new());
        var services = new ServiceCollection();
        var clock = new TestSupport.ManualTimeProvider();
        services.AddSingleton<TimeProvider>(clock);

        services.AddMcpSessionStore(configuration);
        services.AddMcpSessionStore(configuration);

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(ISessionStore));
        Assert.Single(services, descriptor => descriptor.ImplementationType == typeof(SessionStoreStartupLog));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(TimeProvider));
        using var provider = services.BuildServiceProvider();
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddMcpSessionStore_FailsOptionsValidation_WhenTableNameInvalid()
    {
        using var provider = Build(new() { ["Sessions:TableName"] = "mcp-sessions" });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value);

        Assert.Contains("Sessions:TableName", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupLog_SaysInMemorySessionsAreNotShared()
    {
        var logs = new ListLoggerProvider();
        using var provider = Build(new(), logs);

        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var entry = Assert.Single(logs.Entries, entry => entry.EventId == 3100);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("sessions are kept in this process only and are not shared between instances", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupLog_NamesTableAndEndpoint_WithoutAccountKey()
    {
        var logs = new ListLoggerProvider();
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }, logs);

        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var entry = Assert.Single(logs.Entries, entry => entry.EventId == 3101);
        Assert.Contains("McpSessions", entry.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:10002/devstoreaccount1", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TableStorageDefaults.DevelopmentAccountKey[..12], entry.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, ILoggerProvider? logs = null)
    {
        var configuration = Configuration(settings);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                builder.AddProvider(logs);
            }
        });
        services.AddMcpSessionStore(configuration);
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
