using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>Type metadata for MCP wire types from the SDK's source-generated JSON context.</summary>
internal static class McpJson
{
    public static JsonSerializerOptions Options => McpJsonUtilities.DefaultOptions;

    public static JsonTypeInfo<InitializeResult> InitializeResult => TypeInfo<InitializeResult>.Value;
    public static JsonTypeInfo<InitializeRequestParams> InitializeRequestParams => TypeInfo<InitializeRequestParams>.Value;
    public static JsonTypeInfo<EmptyResult> EmptyResult => TypeInfo<EmptyResult>.Value;
    public static JsonTypeInfo<ListToolsResult> ListToolsResult => TypeInfo<ListToolsResult>.Value;
    public static JsonTypeInfo<CallToolRequestParams> CallToolRequestParams => TypeInfo<CallToolRequestParams>.Value;
    public static JsonTypeInfo<CallToolResult> CallToolResult => TypeInfo<CallToolResult>.Value;
    public static JsonTypeInfo<ListResourcesResult> ListResourcesResult => TypeInfo<ListResourcesResult>.Value;
    public static JsonTypeInfo<ListResourceTemplatesResult> ListResourceTemplatesResult => TypeInfo<ListResourceTemplatesResult>.Value;
    public static JsonTypeInfo<ListPromptsResult> ListPromptsResult => TypeInfo<ListPromptsResult>.Value;
    public static JsonTypeInfo<ClientCapabilities> ClientCapabilities => TypeInfo<ClientCapabilities>.Value;
    public static JsonTypeInfo<Implementation> Implementation => TypeInfo<Implementation>.Value;
    public static JsonTypeInfo<DiscoverResult> DiscoverResult => TypeInfo<DiscoverResult>.Value;
    public static JsonTypeInfo<InputRequiredResult> InputRequiredResult => TypeInfo<InputRequiredResult>.Value;
    public static JsonTypeInfo<ReadResourceRequestParams> ReadResourceRequestParams => TypeInfo<ReadResourceRequestParams>.Value;
    public static JsonTypeInfo<ReadResourceResult> ReadResourceResult => TypeInfo<ReadResourceResult>.Value;
    public static JsonTypeInfo<GetPromptRequestParams> GetPromptRequestParams => TypeInfo<GetPromptRequestParams>.Value;
    public static JsonTypeInfo<GetPromptResult> GetPromptResult => TypeInfo<GetPromptResult>.Value;
    public static JsonTypeInfo<CompleteRequestParams> CompleteRequestParams => TypeInfo<CompleteRequestParams>.Value;
    public static JsonTypeInfo<CompleteResult> CompleteResult => TypeInfo<CompleteResult>.Value;

    // One class per type: each JsonTypeInfo is built on its first use, not all of them when the first is touched.
    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));
    }
}
