using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using McpFunctions.Maintenance;
using McpFunctions.Mcp;
using McpFunctions.OAuthFacade;
using McpFunctions.ResourceServer;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Infra;

/// <summary>
/// What azure.yaml, host.json, the project and the Bicep template must agree on for `azd up` to produce an
/// app that starts and serves (issue 6). <see cref="BicepCompilerTests"/> compiles and lints the templates; these
/// check by text what the compiler cannot know. What only Azure can check is listed in docs/deploy.md.
/// </summary>
public sealed partial class DeploymentContractTests
{
    private const string AppSettingsModule = "infra/modules/appsettings.bicep";

    // Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    private static readonly Lazy<List<string>> LazyTemplateSettings = new(ReadTemplateSettings);

    /// <summary>Every app setting name the template can set (all modes).</summary>
    private static IReadOnlyList<string> TemplateSettings => LazyTemplateSettings.Value;

    [Fact]
    public void HostJson_IsAWorkerHost_WithAnEmptyRoutePrefix_AndLoggingForApplicationInsights()
    {
        // Arrange
        var hostJson = JsonNode.Parse(File.ReadAllText(RepositoryPaths.InRoot("host.json")))!.AsObject();

        // Act
        var routePrefix = hostJson["extensions"]?["http"]?["routePrefix"];
        var logLevels = hostJson["logging"]?["logLevel"]?.AsObject();
        var sampling = hostJson["logging"]?["applicationInsights"]?["samplingSettings"];

        // Assert: the function routes are the public paths (/mcp, /, /.well-known/...), never under /api.
        Assert.Equal("2.0", (string?)hostJson["version"]);
        Assert.NotNull(routePrefix);
        Assert.Equal(string.Empty, (string?)routePrefix);
        Assert.False(hostJson.ContainsKey("customHandler"), "host.json still declares a custom handler");
        Assert.False(hostJson.ContainsKey("configurationProfile"), "host.json still selects a custom-handler profile");
        Assert.NotNull(logLevels);
        Assert.Equal("Information", (string?)logLevels!["default"]);
        // Sampling may thin traces, never the requests and exceptions an operator counts.
        Assert.NotNull(sampling);
        Assert.Contains("Request", ((string?)sampling!["excludedTypes"] ?? string.Empty).Split(';'));
        Assert.Contains("Exception", ((string?)sampling["excludedTypes"] ?? string.Empty).Split(';'));
    }

    [Fact]
    public void Project_IsAnIsolatedWorker_OnTheWorkerPackages_WithHostJsonInItsOutput()
    {
        // Arrange
        var project = XDocument.Load(RepositoryPaths.AppProject);

        // Act
        string? Property(string name) => project.Descendants(name).Select(element => element.Value).FirstOrDefault();
        var packages = project.Descendants("PackageReference").Select(element => (string?)element.Attribute("Include")).ToList();
        var hostJson = project.Descendants("None").SingleOrDefault(element => ((string?)element.Attribute("Include"))?.EndsWith("host.json", StringComparison.Ordinal) == true);

        // Assert
        Assert.Equal("Exe", Property("OutputType"));
        Assert.Equal("v4", Property("AzureFunctionsVersion"));
        Assert.Contains("Microsoft.Azure.Functions.Worker", packages);
        Assert.Contains("Microsoft.Azure.Functions.Worker.Sdk", packages);
        Assert.Contains("Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore", packages);
        Assert.Contains("Microsoft.Azure.Functions.Worker.Extensions.Timer", packages);
        Assert.Contains("Microsoft.Azure.Functions.Worker.ApplicationInsights", packages);
        Assert.NotNull(hostJson);
        Assert.Equal("PreserveNewest", (string?)hostJson!.Attribute("CopyToPublishDirectory"));
    }

    [Fact]
    public void AzureYaml_DeploysTheProjectAsOneFunctionService_TheTemplateTagsForIt()
    {
        // Arrange
        var yaml = SimpleYaml.Parse(File.ReadAllText(RepositoryPaths.InRoot("azure.yaml")));

        // Act
        var services = Assert.IsType<Dictionary<string, object>>(yaml["services"]);
        var (serviceName, serviceValue) = Assert.Single(services);
        var service = Assert.IsType<Dictionary<string, object>>(serviceValue);
        var projectFolder = Path.GetFullPath(RepositoryPaths.InRoot((string)service["project"]));

        // Assert
        Assert.Equal("csharp", service["language"]);
        Assert.Equal("function", service["host"]);
        Assert.Equal(Path.GetDirectoryName(RepositoryPaths.AppProject), projectFolder.TrimEnd(Path.DirectorySeparatorChar));
        Assert.Equal("bicep", ((Dictionary<string, object>)yaml["infra"])["provider"]);
        var functionAppModule = Bicep("infra/main.bicep").Body("module", "functionApp");
        Assert.Equal($"'{serviceName}'", BicepSource.ValueOf(functionAppModule, "serviceName"));
        Assert.Contains("'azd-service-name': serviceName", Bicep("infra/modules/functionapp.bicep").Code, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolated_OfTheProjectsTargetFramework_OnFlexConsumption()
    {
        // Arrange
        var functionApp = Bicep("infra/modules/functionapp.bicep");
        var site = Assert.Single(functionApp.Resources("Microsoft.Web/sites")).Body;
        var plan = Assert.Single(functionApp.Resources("Microsoft.Web/serverfarms")).Body;

        // Act
        var runtime = RuntimeRegex().Match(site);
        var targetFramework = XDocument.Load(RepositoryPaths.InRoot("Directory.Build.props")).Descendants("TargetFramework").Single().Value;

        // Assert
        Assert.True(runtime.Success, "functionAppConfig.runtime { name, version } not found in functionapp.bicep");
        Assert.Equal("dotnet-isolated", runtime.Groups["name"].Value);
        Assert.Equal("10.0", runtime.Groups["version"].Value);
        Assert.Equal("net" + runtime.Groups["version"].Value, targetFramework);
        Assert.Equal("'functionapp,linux'", BicepSource.ValueOf(site, "kind"));
        Assert.Equal("'FC1'", BicepSource.ValueOf(BodyOf(plan, "sku:"), "name"));
        Assert.Equal("'FlexConsumption'", BicepSource.ValueOf(BodyOf(plan, "sku:"), "tier"));
        var deploymentStorage = BodyOf(BodyOf(site, "deployment:"), "storage:");
        Assert.Equal("'blobContainer'", BicepSource.ValueOf(deploymentStorage, "type"));
        Assert.Equal("'UserAssignedIdentity'", BicepSource.ValueOf(BodyOf(deploymentStorage, "authentication:"), "type"));
        Assert.NotNull(BicepSource.ValueOf(site, "maximumInstanceCount"));
        Assert.NotNull(BicepSource.ValueOf(site, "instanceMemoryMB"));
    }

    [Fact]
    public void AppSettings_NameNeitherTheWorkerRuntimeNorTheCustomHandlerFlag()
    {
        // Flex Consumption takes dotnet-isolated from functionAppConfig.runtime (asserted above) and rejects
        // FUNCTIONS_WORKER_RUNTIME as an app setting; the custom-handler feature flag would start no worker.
        foreach (var file in InfraFiles())
        {
            Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", Bicep(file).Code, StringComparison.Ordinal);
            Assert.DoesNotContain("AzureWebJobsFeatureFlags", Bicep(file).Code, StringComparison.Ordinal);
            Assert.DoesNotContain("EnableMcpCustomHandlerPreview", Bicep(file).Code, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FunctionApp_LeavesPlatformCorsEmpty_SoPreflightsReachTheApp()
    {
        // Arrange
        var site = Assert.Single(Bicep("infra/modules/functionapp.bicep").Resources("Microsoft.Web/sites")).Body;

        // Act
        var cors = BodyOf(BodyOf(site, "siteConfig:"), "cors:");

        // Assert: an origin here would make the platform answer preflights without Mcp-Session-Id exposed.
        Assert.Equal("[]", BicepSource.ValueOf(cors, "allowedOrigins"));
        Assert.Equal("false", BicepSource.ValueOf(cors, "supportCredentials"));
    }

    [Fact]
    public void AppSettings_ProvideEverySettingTheAppReadsOnAzure()
    {
        // Arrange: derived from the options classes, so a renamed option fails here.
        string[] required =
        [
            // The Functions host and the app's Table client (TableStorageConnection, identity-based).
            $"{TableStorageDefaults.DefaultConnectionName}__blobServiceUri",
            $"{TableStorageDefaults.DefaultConnectionName}__tableServiceUri",
            $"{TableStorageDefaults.DefaultConnectionName}__credential",
            $"{TableStorageDefaults.DefaultConnectionName}__clientId",
            "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
            Setting(McpEndpointOptions.SectionName, nameof(McpEndpointOptions.PublicBaseUrl)),
            Setting(SessionStoreOptions.SectionName, nameof(SessionStoreOptions.TableName)),
            Setting(AuthOptions.SectionName, nameof(AuthOptions.Mode)),
            Setting(AuthOptions.SectionName, nameof(AuthOptions.MethodPolicy)),
            // External mode.
            Setting(AuthOptions.SectionName, nameof(AuthOptions.Authority)),
            Setting(AuthOptions.SectionName, nameof(AuthOptions.Audiences), "0"),
            // Façade mode: Entra ID with managed-identity federation, or another provider with a secret.
            Setting(FacadeOptions.SectionName, nameof(FacadeOptions.SigningKey)),
            Setting(FacadeOptions.SectionName, nameof(FacadeOptions.Upstream), nameof(UpstreamOptions.Authority)),
            Setting(FacadeOptions.SectionName, nameof(FacadeOptions.Upstream), nameof(UpstreamOptions.ClientId)),
            Setting(FacadeOptions.SectionName, nameof(FacadeOptions.Upstream), nameof(UpstreamOptions.ClientSecret)),
            Setting(FacadeOptions.SectionName, nameof(FacadeOptions.Upstream), nameof(UpstreamOptions.UseManagedIdentityFederation)),
            Setting(FacadeOptions.SectionName, nameof(FacadeOptions.Upstream), nameof(UpstreamOptions.ManagedIdentityClientId)),
            Setting(FacadeOptions.SectionName, nameof(FacadeOptions.Upstream), nameof(UpstreamOptions.Scopes), "0"),
        ];

        // Act
        var missing = required.Except(TemplateSettings, StringComparer.Ordinal).ToList();

        // Assert
        Assert.True(missing.Count == 0, $"{AppSettingsModule} does not set: {string.Join(", ", missing)}");
    }

    [Fact]
    public void AppSettings_EachAppSettingBindsToAnOptionsProperty()
    {
        // Arrange: settings the Functions platform reads rather than the app's options classes.
        var platform = new Regex("^(AzureWebJobsStorage__(blobServiceUri|tableServiceUri|credential|clientId)|APPLICATIONINSIGHTS_[A-Z_]+)$");

        // Act
        var problems = TemplateSettings
            .Where(setting => !platform.IsMatch(setting))
            .Select(OptionsSettingPath.Explain)
            .OfType<string>()
            .ToList();

        // Assert
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void AppSettings_TakeSecretsFromKeyVaultReferences_ResolvedWithTheAppsIdentity()
    {
        // Arrange
        var settings = Bicep(AppSettingsModule);
        var site = Assert.Single(Bicep("infra/modules/functionapp.bicep").Resources("Microsoft.Web/sites")).Body;

        // Act
        var signingKey = BicepSource.ValueOf(settings.Body("var", "facadeSettings"), "Facade__SigningKey");
        var clientSecret = BicepSource.ValueOf(settings.Body("var", "facadeOidcSettings"), "Facade__Upstream__ClientSecret");

        // Assert
        Assert.StartsWith("'@Microsoft.KeyVault(VaultName=", signingKey, StringComparison.Ordinal);
        Assert.StartsWith("'@Microsoft.KeyVault(VaultName=", clientSecret, StringComparison.Ordinal);
        Assert.Equal("identityId", BicepSource.ValueOf(site, "keyVaultReferenceIdentity"));
        var vaultRoles = Bicep("infra/modules/keyvault.bicep");
        Assert.Contains($"var keyVaultSecretsUser = '{KeyVaultSecretsUser}'", vaultRoles.Code, StringComparison.Ordinal);
        Assert.DoesNotContain("passwordCredentials", Bicep("infra/modules/entra-app.bicep").Code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageBlobDataOwner, "storageAccount")]
    [InlineData(StorageTableDataContributor, "storageAccount")]
    [InlineData(MonitoringMetricsPublisher, "applicationInsights")]
    public void RoleAssignments_GiveTheAppsIdentityItsRole(string roleDefinitionId, string scope)
    {
        // Arrange
        var rbac = Bicep("infra/modules/rbac.bicep");
        var roleVariable = new Regex($@"^var\s+(?<name>\w+)\s*=\s*'{roleDefinitionId}'", RegexOptions.Multiline).Match(rbac.Code);
        Assert.True(roleVariable.Success, $"rbac.bicep names no variable for role {roleDefinitionId}");

        // Act
        var assignments = rbac.Resources("Microsoft.Authorization/roleAssignments")
            .Where(resource => BicepSource.ValueOf(resource.Body, "principalId") == "appPrincipalId")
            .Where(resource => BicepSource.ValueOf(resource.Body, "roleDefinitionId")?.Contains(roleVariable.Groups["name"].Value, StringComparison.Ordinal) == true)
            .ToList();

        // Assert
        var assignment = Assert.Single(assignments);
        Assert.Equal(scope, BicepSource.ValueOf(assignment.Body, "scope"));
        Assert.Equal("'ServicePrincipal'", BicepSource.ValueOf(assignment.Body, "principalType"));
        Assert.Equal("identity.outputs.principalId", BicepSource.ValueOf(Bicep("infra/main.bicep").Body("module", "rbac"), "appPrincipalId"));
    }

    [Fact]
    public void Storage_DisablesSharedKeys()
    {
        // Arrange
        var storage = Bicep("infra/modules/storage.bicep");

        // Act
        var account = Assert.Single(storage.Resources("Microsoft.Storage/storageAccounts")).Body;

        // Assert
        Assert.Equal("false", BicepSource.ValueOf(account, "allowSharedKeyAccess"));
        foreach (var file in InfraFiles())
        {
            Assert.DoesNotMatch(@"allowSharedKeyAccess:\s*true", Bicep(file).Code);
        }
    }

    [Fact]
    public void Storage_CreatesTheDefaultTableOfEveryStore_AndTheSessionTableSettingNamesIt()
    {
        // Arrange: every "...TableName" option of the app (sessions, the façade's stores, the purge lease), by reflection,
        // so a store added or renamed later is caught here.
        var main = Bicep("infra/main.bicep");
        var defaults = OptionsSettingPath.DefaultTableNames();

        // Act
        var tables = Regex.Matches(main.Body("var", "tableNames"), @"^\s*'(?<name>\w+)'\s*$", RegexOptions.Multiline).Select(match => match.Groups["name"].Value).ToList();
        var sessionTable = Regex.Match(main.Code, @"^var sessionTableName = '(?<name>\w+)'", RegexOptions.Multiline).Groups["name"].Value;

        // Assert
        Assert.Contains("sessionTableName", main.Body("var", "tableNames"), StringComparison.Ordinal);
        Assert.Equal(new SessionStoreOptions().TableName, sessionTable);
        var missing = defaults.Where(table => table.Value != sessionTable && !tables.Contains(table.Value, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(missing.Count == 0, "infra/main.bicep tableNames lacks: " + string.Join(", ", missing.Select(table => $"{table.Value} ({table.Setting})")));
        Assert.Contains(new ExpiredRowPurgeOptions().LeaseTableName, tables);
        Assert.All(tables, table => Assert.True(TableKeyValidation.IsValidTableName(table), $"'{table}' is not a valid table name"));
        Assert.Equal("sessionTableName", BicepSource.ValueOf(Bicep(AppSettingsModule).Body("var", "appSettings"), "Sessions__TableName"));
    }

    [Fact]
    public void Parameters_InTheParametersFile_AreDeclaredInMainBicep_AndRequiredOnesAreSupplied()
    {
        // Arrange
        var file = JsonNode.Parse(File.ReadAllText(RepositoryPaths.InRoot("infra", "main.parameters.json")))!;
        var supplied = file["parameters"]!.AsObject().Select(parameter => parameter.Key).ToList();
        var declared = Bicep("infra/main.bicep").Parameters();

        // Act
        var undeclared = supplied.Where(name => !declared.ContainsKey(name)).ToList();
        var unsupplied = declared.Where(parameter => !parameter.Value && !supplied.Contains(parameter.Key)).Select(parameter => parameter.Key).ToList();

        // Assert
        Assert.True(undeclared.Count == 0, $"main.parameters.json sets parameters main.bicep does not declare: {string.Join(", ", undeclared)}");
        Assert.True(unsupplied.Count == 0, $"main.bicep parameters without a default that main.parameters.json does not set: {string.Join(", ", unsupplied)}");
        Assert.Equal("${AZURE_ENV_NAME}", (string?)file["parameters"]!["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)file["parameters"]!["location"]!["value"]);
    }

    [Fact]
    public void EasyAuth_IsExplicitlyOff()
    {
        // Arrange
        var authSettings = Bicep("infra/modules/functionapp.bicep").Resources("Microsoft.Web/sites/config")
            .Where(resource => BicepSource.ValueOf(resource.Body, "name") == "'authsettingsV2'")
            .ToList();

        // Act
        var platform = BodyOf(Assert.Single(authSettings).Body, "platform");

        // Assert
        Assert.Equal("false", BicepSource.ValueOf(platform, "enabled"));
        foreach (var file in InfraFiles())
        {
            Assert.DoesNotMatch(@"(?s)'authsettings(V2)?'.*enabled:\s*true", Bicep(file).Code);
        }
    }

    [Fact]
    public void Outputs_GiveTheMcpUrl_ItsProtectedResourceMetadataUrl_AndTheAppName()
    {
        // Arrange
        var main = Bicep("infra/main.bicep");

        // Act
        var mcpUrl = OutputValue(main, "MCP_URL");
        var prmUrl = OutputValue(main, "PRM_URL");
        var appName = OutputValue(main, "FUNCTION_APP_NAME");

        // Assert
        Assert.Equal("'${effectiveBaseUrl}/mcp'", mcpUrl);
        Assert.Contains("/mcp", McpEndpointOptions.DefaultPaths);
        Assert.Equal($"'${{effectiveBaseUrl}}{ProtectedResourceUris.WellKnownPath}/mcp'", prmUrl);
        Assert.Equal("functionApp.outputs.name", appName);
    }

    [Fact]
    public void EntraRegistration_TrustsTheAppsManagedIdentity_AndRedirectsToTheFacadeCallback()
    {
        // Arrange
        var entra = Bicep("infra/modules/entra-app.bicep");
        var main = Bicep("infra/main.bicep");

        // Act
        var credential = BodyOf(entra.Code, "resource managedIdentityCredential");
        var module = main.Body("module", "entraApp");

        // Assert
        Assert.Matches(@"^extension 'br:mcr\.microsoft\.com/bicep/extensions/microsoftgraph/v1\.0:[\w.-]+'", entra.Code.TrimStart());
        Assert.Contains("'api://AzureADTokenExchange'", credential, StringComparison.Ordinal);
        Assert.Equal("managedIdentityPrincipalId", BicepSource.ValueOf(credential, "subject"));
        Assert.Equal("identity.outputs.principalId", BicepSource.ValueOf(module, "managedIdentityPrincipalId"));
        Assert.Equal("'${effectiveBaseUrl}/callback'", BicepSource.ValueOf(module, "redirectUri"));
        Assert.Equal("'true'", BicepSource.ValueOf(Bicep(AppSettingsModule).Body("var", "facadeEntraSettings"), "Facade__Upstream__UseManagedIdentityFederation"));
    }

    private static string Setting(params string[] segments) => string.Join("__", segments);

    private static BicepSource Bicep(string relativePath) => BicepSource.Load(RepositoryPaths.InRoot(relativePath.Split('/')));

    private static IEnumerable<string> InfraFiles() =>
        Directory.GetFiles(RepositoryPaths.InRoot("infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace(Path.DirectorySeparatorChar, '/'));

    /// <summary>The <c>{ ... }</c> after the first <c>key:</c> (or declaration) in <paramref name="text"/>.</summary>
    private static string BodyOf(string text, string key)
    {
        var start = text.IndexOf(key, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{key}' not found");
        var open = text.IndexOf('{', start);
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[open..(i + 1)];
            }
        }

        throw new InvalidOperationException($"Unbalanced braces after '{key}'.");
    }

    private static string? OutputValue(BicepSource source, string name) =>
        new Regex($@"^output\s+{name}\s+\w+\s*=\s*(?<value>.+?)\s*$", RegexOptions.Multiline).Match(source.Code) is { Success: true } match
            ? match.Groups["value"].Value
            : null;

    private static List<string> ReadTemplateSettings()
    {
        var source = Bicep(AppSettingsModule);
        var variables = Regex.Matches(source.Code, @"^var\s+(?<name>\w+Settings)\s*=", RegexOptions.Multiline).Select(match => match.Groups["name"].Value).ToList();
        Assert.NotEmpty(variables);
        return variables.SelectMany(variable => BicepSource.TopLevelKeys(source.Body("var", variable))).Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"runtime:\s*\{\s*name:\s*'(?<name>[^']+)'\s*version:\s*'(?<version>[^']+)'\s*\}")]
    private static partial Regex RuntimeRegex();
}
