using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpFunctions.OAuthFacade;
using McpFunctions.ResourceServer;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Infra;

/// <summary>
/// local.settings.sample.json: the settings template a newcomer copies. Local defaults (Azurite, the
/// development upstream), and no name the app would silently ignore.
/// </summary>
public sealed class LocalSettingsSampleTests
{
    private static readonly Lazy<JsonObject> Sample = new(() =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.InRoot("local.settings.sample.json")))!.AsObject());

    private const string ValuesSection = "Values";

    private static JsonObject Values => Sample.Value[ValuesSection]!.AsObject();

    [Fact]
    public void Sample_IsALocalSettingsFile_WithAzuriteAndTheDevelopmentUpstream()
    {
        // Arrange
        var values = Values;

        // Act
        var storage = (string?)values[TableStorageDefaults.DefaultConnectionName];

        // Assert
        Assert.False((bool?)Sample.Value["IsEncrypted"]);
        Assert.Equal("UseDevelopmentStorage=true", storage);
        Assert.Equal(nameof(AuthMode.Facade), (string?)values["Auth__Mode"]);
        Assert.Equal(nameof(UpstreamKind.Development), (string?)values["Facade__Upstream__Kind"]);
        Assert.All(values, value => Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKind(value.Value)));
    }

    [Fact]
    public void Sample_EverySettingBindsToAnOptionsProperty_OrIsAPlatformSetting()
    {
        // Arrange
        var platform = new Regex($"^(FUNCTIONS_WORKER_RUNTIME|AZURE_FUNCTIONS_ENVIRONMENT|AzureWebJobsStorage|{Regex.Escape(TableStorageDefaults.ConnectionNameSetting.Replace(":", "__", StringComparison.Ordinal))})$");

        // Act
        var problems = Values
            .Select(value => value.Key)
            .Where(name => !platform.IsMatch(name))
            .Select(OptionsSettingPath.Explain)
            .OfType<string>()
            .ToList();

        // Assert
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Sample_RunsTheIsolatedWorker_UnderCoreToolsOrTheLocalHost()
    {
        // Core Tools refuses to start a folder whose local.settings.json names no worker runtime; the custom-handler
        // feature flag would start no worker at all.
        Assert.Equal("dotnet-isolated", (string?)Values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("Development", (string?)Values["AZURE_FUNCTIONS_ENVIRONMENT"]);
        Assert.False(Values.ContainsKey("AzureWebJobsFeatureFlags"));
    }

    [Fact]
    public void Sample_HoldsNoSecret()
    {
        // Arrange
        string[] secrets = ["Facade__SigningKey", "Facade__Upstream__ClientSecret", "Auth__Introspection__ClientSecret"];

        // Act
        var present = secrets.Where(Values.ContainsKey).ToList();

        // Assert
        Assert.Empty(present);
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) => node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
}
