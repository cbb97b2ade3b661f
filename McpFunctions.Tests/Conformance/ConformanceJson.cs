using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpFunctions.Tests.Conformance;

[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(IDictionary<string, JsonElement>))]
internal sealed partial class ConformanceJson : JsonSerializerContext;
