using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>Type metadata for MCP wire types from the SDK's source-generated JSON context.</summary>
internal static class McpJson
{
    public static JsonSerializerOptions Options => McpJsonUtilities.DefaultOptions;

    public static readonly JsonTypeInfo<InitializeResult> InitializeResult = Get<InitializeResult>();
    public static readonly JsonTypeInfo<InitializeRequestParams> InitializeRequestParams = Get<InitializeRequestParams>();
    public static readonly JsonTypeInfo<EmptyResult> EmptyResult = Get<EmptyResult>();
    public static readonly JsonTypeInfo<ListToolsResult> ListToolsResult = Get<ListToolsResult>();
    public static readonly JsonTypeInfo<CallToolRequestParams> CallToolRequestParams = Get<CallToolRequestParams>();
    public static readonly JsonTypeInfo<CallToolResult> CallToolResult = Get<CallToolResult>();
    public static readonly JsonTypeInfo<ListResourcesResult> ListResourcesResult = Get<ListResourcesResult>();
    public static readonly JsonTypeInfo<ListResourceTemplatesResult> ListResourceTemplatesResult = Get<ListResourceTemplatesResult>();
    public static readonly JsonTypeInfo<ListPromptsResult> ListPromptsResult = Get<ListPromptsResult>();
    public static readonly JsonTypeInfo<ClientCapabilities> ClientCapabilities = Get<ClientCapabilities>();
    public static readonly JsonTypeInfo<Implementation> Implementation = Get<Implementation>();
    public static readonly JsonTypeInfo<DiscoverResult> DiscoverResult = Get<DiscoverResult>();
    public static readonly JsonTypeInfo<InputRequiredResult> InputRequiredResult = Get<InputRequiredResult>();
    public static readonly JsonTypeInfo<ReadResourceRequestParams> ReadResourceRequestParams = Get<ReadResourceRequestParams>();
    public static readonly JsonTypeInfo<ReadResourceResult> ReadResourceResult = Get<ReadResourceResult>();
    public static readonly JsonTypeInfo<GetPromptRequestParams> GetPromptRequestParams = Get<GetPromptRequestParams>();
    public static readonly JsonTypeInfo<GetPromptResult> GetPromptResult = Get<GetPromptResult>();
    public static readonly JsonTypeInfo<CompleteRequestParams> CompleteRequestParams = Get<CompleteRequestParams>();
    public static readonly JsonTypeInfo<CompleteResult> CompleteResult = Get<CompleteResult>();

    private static JsonTypeInfo<T> Get<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));
}
