using System.Text.Json;
using System.Text.Json.Nodes;
using LocalFunctionsHost.Rpc;

namespace LocalFunctionsHost;

/// <summary>
/// Turns the worker's function metadata (its <c>raw_bindings</c> JSON, or <c>functions.metadata</c> on disk when the
/// worker asks for host indexing) into load requests and <see cref="FunctionDescriptor"/>s.
/// </summary>
internal static class FunctionMetadataReader
{
    public static IReadOnlyList<RpcFunctionMetadata> ReadFunctionsMetadataFile(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "functions.metadata");
        if (!File.Exists(path))
        {
            throw new AppFolderException($"The worker asked the host to index functions, but {path} is missing.");
        }

        var result = new List<RpcFunctionMetadata>();
        foreach (var node in JsonNode.Parse(File.ReadAllText(path))?.AsArray() ?? [])
        {
            if (node is not JsonObject function)
            {
                continue;
            }

            var metadata = new RpcFunctionMetadata
            {
                Name = function["name"]?.GetValue<string>() ?? "",
                ScriptFile = function["scriptFile"]?.GetValue<string>() ?? "",
                EntryPoint = function["entryPoint"]?.GetValue<string>() ?? "",
                Language = function["language"]?.GetValue<string>() ?? "dotnet-isolated",
                Directory = appDirectory,
            };
            foreach (var binding in function["bindings"]?.AsArray() ?? [])
            {
                if (binding is not null)
                {
                    metadata.RawBindings.Add(binding.ToJsonString());
                }
            }

            result.Add(metadata);
        }

        return result;
    }

    /// <summary>Fills <c>bindings</c> from <c>raw_bindings</c> (the host does this before loading) and describes the function.</summary>
    public static FunctionDescriptor Describe(RpcFunctionMetadata metadata, string appDirectory)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (string.IsNullOrEmpty(metadata.FunctionId))
        {
            metadata.FunctionId = Guid.NewGuid().ToString();
        }

        if (string.IsNullOrEmpty(metadata.Directory))
        {
            metadata.Directory = appDirectory;
        }

        var trigger = FunctionTriggerKind.Other;
        var triggerName = "";
        IReadOnlySet<string>? methods = null;
        string? route = null;
        string? schedule = null;
        var runOnStartup = false;
        foreach (var raw in metadata.RawBindings)
        {
            JsonObject binding;
            try
            {
                binding = JsonNode.Parse(raw) as JsonObject ?? [];
            }
            catch (JsonException)
            {
                continue;
            }

            var name = Text(binding, "name") ?? "";
            var type = Text(binding, "type") ?? "";
            var direction = (Text(binding, "direction") ?? "in").ToLowerInvariant() switch
            {
                "out" => BindingInfo.Types.Direction.Out,
                "inout" => BindingInfo.Types.Direction.Inout,
                _ => BindingInfo.Types.Direction.In,
            };
            var info = new BindingInfo { Type = type, Direction = direction };
            info.DataType = (Text(binding, "dataType") ?? "").ToLowerInvariant() switch
            {
                "string" => BindingInfo.Types.DataType.String,
                "binary" => BindingInfo.Types.DataType.Binary,
                "stream" => BindingInfo.Types.DataType.Stream,
                _ => BindingInfo.Types.DataType.Undefined,
            };
            metadata.Bindings[name] = info;

            if (type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                trigger = FunctionTriggerKind.Http;
                triggerName = name;
                route = Text(binding, "route");
                if (binding["methods"] is JsonArray list && list.Count > 0)
                {
                    methods = list.Select(m => m?.GetValue<string>().ToUpperInvariant() ?? "")
                        .Where(m => m.Length > 0)
                        .ToHashSet(StringComparer.OrdinalIgnoreCase);
                }
            }
            else if (type.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase))
            {
                trigger = FunctionTriggerKind.Timer;
                triggerName = name;
                schedule = Text(binding, "schedule");
                runOnStartup = binding["runOnStartup"] is JsonValue v
                    && (v.TryGetValue<bool>(out var b) ? b : string.Equals(v.ToString(), "true", StringComparison.OrdinalIgnoreCase));
            }
        }

        return new FunctionDescriptor(metadata.Name, metadata.FunctionId, trigger, triggerName, metadata)
        {
            Methods = methods,
            // A function without a route is reached at its name (Functions HTTP trigger documentation, "Customize the HTTP endpoint").
            Route = route ?? metadata.Name,
            Schedule = schedule,
            RunOnStartup = runOnStartup,
        };
    }

    private static string? Text(JsonObject binding, string property)
    {
        // Binding JSON from the SDK uses camelCase; be lenient about case like the host's JObject reads.
        foreach (var (key, value) in binding)
        {
            if (string.Equals(key, property, StringComparison.OrdinalIgnoreCase) && value is JsonValue scalar)
            {
                return scalar.ToString();
            }
        }

        return null;
    }
}
