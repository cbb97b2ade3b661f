using McpFunctions.Maintenance;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.Maintenance;

public sealed class ExpiredRowPurgeServiceCollectionExtensionsTests
{
    [Fact]
    public void AddExpiredRowPurge_TargetsTheConfiguredSessionTable_AndTablesOtherStoresAdd()
    {
        // Arrange
        var services = Services(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["Sessions:TableName"] = "OtherSessions" });

        // Act: an OAuth store registers its table before the purge is added, another after.
        services.AddExpiredRowPurgeTarget("OAuthCodes");
        services.AddExpiredRowPurge();
        services.AddExpiredRowPurgeTarget("OAuthGrants", "GrantExpiresAt");
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var purger = ActivatorUtilities.CreateInstance<ExpiredRowPurger>(provider);

        // Assert
        Assert.Equal(
            [("OtherSessions", "ExpiresAt"), ("OAuthCodes", "ExpiresAt"), ("OAuthGrants", "GrantExpiresAt")],
            purger.Targets.Select(target => (target.TableName, target.ExpiresAtProperty)).OrderBy(t => t.TableName == "OtherSessions" ? 0 : 1).ThenBy(t => t.TableName, StringComparer.Ordinal));
    }

    [Fact]
    public void AddExpiredRowPurgeTarget_ReadsTheTableNameFromOptions_WhenThePurgeStarts()
    {
        // Arrange: a store whose table name is a setting, registered twice (e.g. by two AddX calls).
        var services = Services(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["Sessions:TableName"] = "RenamedSessions" });
        services.AddExpiredRowPurge();
        services.AddExpiredRowPurgeTarget<SessionStoreOptions>(options => options.TableName + "Archive");
        services.AddExpiredRowPurgeTarget<SessionStoreOptions>(options => options.TableName + "Archive");
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // Act
        var purger = ActivatorUtilities.CreateInstance<ExpiredRowPurger>(provider);

        // Assert
        Assert.Equal(["RenamedSessions", "RenamedSessionsArchive"], purger.Targets.Select(target => target.TableName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddExpiredRowPurge_IsIdempotent_AndTargetsAreUniquePerTable()
    {
        // Arrange
        var services = Services(new());

        // Act
        services.AddExpiredRowPurge().AddExpiredRowPurge();
        services.AddExpiredRowPurgeTarget("OAuthCodes").AddExpiredRowPurgeTarget("oauthcodes");

        // Assert
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType == typeof(ExpiredRowPurgeService));
        Assert.Single(services, descriptor => descriptor.ImplementationType == typeof(SessionPurgeTarget));
        Assert.Single(services, descriptor => descriptor.ImplementationInstance is PurgeTableTarget);
    }

    [Fact]
    public void AddExpiredRowPurge_PassesStartupValidation_WithoutTableStorage()
    {
        // Arrange: Development start-up validates every registration (ValidateOnBuild); the purge must not
        // require the Table client, which only exists when storage is configured.
        var services = Services(new()).AddExpiredRowPurge();

        // Act
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // Assert
        Assert.Single(provider.GetServices<IHostedService>().OfType<ExpiredRowPurgeService>());
        Assert.Null(provider.GetService<TableStorage>());
    }

    [Theory]
    [InlineData("1table")]
    [InlineData("ab")]
    [InlineData("has-dash")]
    public void AddExpiredRowPurgeTarget_RefusesInvalidTableNames(string tableName)
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddExpiredRowPurgeTarget(tableName));
    }

    [Fact]
    public void Options_DefaultTo15MinutesAndBatchesOf100()
    {
        // Arrange
        using var provider = Services(new()).AddExpiredRowPurge().BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<ExpiredRowPurgeOptions>>().Value;

        // Assert
        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(15), options.PurgeInterval);
        Assert.Equal(100, options.BatchSize);
        Assert.Equal(20, options.MaxBatchesPerRun);
        Assert.Equal("Maintenance", options.LeaseTableName);
    }

    [Fact]
    public void Options_BindFromMaintenanceSection()
    {
        // Arrange
        using var provider = Services(new() { ["Maintenance:PurgeInterval"] = "00:05:00", ["Maintenance:BatchSize"] = "50" })
            .AddExpiredRowPurge()
            .BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<ExpiredRowPurgeOptions>>().Value;

        // Assert
        Assert.Equal(TimeSpan.FromMinutes(5), options.PurgeInterval);
        Assert.Equal(50, options.BatchSize);
    }

    [Fact]
    public void Options_InvalidValues_FailWithTheSettingToFix()
    {
        // Arrange
        using var provider = Services(new()
        {
            ["Maintenance:PurgeInterval"] = "00:00:00",
            ["Maintenance:BatchSize"] = "1001",
            ["Maintenance:MaxBatchesPerRun"] = "0",
            ["Maintenance:LeaseTableName"] = "no-dashes",
        }).AddExpiredRowPurge().BuildServiceProvider();

        // Act
        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExpiredRowPurgeOptions>>().Value);

        // Assert
        Assert.Contains(exception.Failures, failure => failure.StartsWith("Maintenance:PurgeInterval", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.StartsWith("Maintenance:BatchSize is 1001; use 1 to 1000", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.StartsWith("Maintenance:MaxBatchesPerRun", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.StartsWith("Maintenance:LeaseTableName 'no-dashes'", StringComparison.Ordinal));
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMcpSessionStore(configuration);
        return services;
    }
}
