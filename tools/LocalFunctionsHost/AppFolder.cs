using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalFunctionsHost;

/// <summary>
/// A worker output folder as the Functions host reads it: <c>worker.config.json</c> (how to start the worker),
/// <c>host.json</c> (route prefix, log level) and app settings from <c>local.settings.json</c>.
/// </summary>
internal sealed class AppFolder
{
    /// <summary>host.json <c>extensions.http.routePrefix</c> defaults to "api" on the real host.</summary>
    public const string DefaultRoutePrefix = "api";

    private AppFolder(string directory, string executable, string workerPath, string routePrefix,
        LogLevel minimumLevel, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> settingsFiles)
    {
        Directory = directory;
        Executable = executable;
        WorkerPath = workerPath;
        RoutePrefix = routePrefix;
        MinimumLogLevel = minimumLevel;
        Settings = settings;
        SettingsFiles = settingsFiles;
    }

    public string Directory { get; }

    /// <summary><c>description.defaultExecutablePath</c>: <c>dotnet</c> for a framework-dependent worker.</summary>
    public string Executable { get; }

    /// <summary><c>description.defaultWorkerPath</c> resolved against the folder: the app DLL.</summary>
    public string WorkerPath { get; }

    public string RoutePrefix { get; }

    public LogLevel MinimumLogLevel { get; }

    /// <summary><c>Values</c> from local.settings.json, passed to the worker as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public IReadOnlyList<string> SettingsFiles { get; }

    public static AppFolder Load(string directory, string currentDirectory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new AppFolderException($"The app folder '{directory}' does not exist. Pass a worker's publish or build output with --app.");
        }

        var workerConfig = ReadJson(Path.Combine(directory, "worker.config.json"), required: true,
            "Is it a .NET isolated worker's output (publish or build folder)?");
        var description = workerConfig?["description"] as JsonObject
            ?? throw new AppFolderException("worker.config.json has no 'description' object.");
        var executable = ExpandWorkerRoot(description["defaultExecutablePath"]?.GetValue<string>() ?? "dotnet", directory);
        var workerPath = ExpandWorkerRoot(description["defaultWorkerPath"]?.GetValue<string>()
            ?? throw new AppFolderException("worker.config.json has no 'description.defaultWorkerPath'."), directory);
        workerPath = Path.GetFullPath(workerPath, directory);
        if (!File.Exists(workerPath))
        {
            throw new AppFolderException($"The worker '{workerPath}' named by worker.config.json does not exist.");
        }

        var hostJson = ReadJson(Path.Combine(directory, "host.json"), required: true, "The Functions host needs it beside the worker.");
        var routePrefix = hostJson?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? DefaultRoutePrefix;
        var level = hostJson?["logging"]?["logLevel"]?["default"]?.GetValue<string>() is { } text
            && Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;

        // Like Core Tools: the folder's local.settings.json, then the current directory's; a value already in
        // the environment wins over both (func says "Skipping ... already defined in current environment").
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<string>();
        foreach (var candidate in new[] { Path.Combine(directory, "local.settings.json"), Path.Combine(currentDirectory, "local.settings.json") }.Distinct())
        {
            if (ReadJson(candidate, required: false, null)?["Values"] is JsonObject values)
            {
                files.Add(candidate);
                foreach (var (key, value) in values)
                {
                    if (value is JsonValue scalar)
                    {
                        settings[key] = scalar.ToString();
                    }
                }
            }
        }

        return new AppFolder(directory, executable, workerPath, routePrefix.Trim('/'), level, settings, files);
    }

    private static string ExpandWorkerRoot(string value, string directory) =>
        value.Replace("{WorkerRoot}", directory.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static JsonNode? ReadJson(string path, bool required, string? hint)
    {
        if (!File.Exists(path))
        {
            return required ? throw new AppFolderException($"{Path.GetFileName(path)} is missing in '{Path.GetDirectoryName(path)}'. {hint}") : null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException ex)
        {
            throw new AppFolderException($"{path} is not valid JSON (line {ex.LineNumber + 1}).");
        }
    }
}
