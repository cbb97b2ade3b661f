namespace McpFunctions.JsonRpc;

/// <summary>JSON-RPC 2.0 member names and the version string (JSON-RPC 2.0 §4, §5).</summary>
internal static class JsonRpcConstants
{
    public const string Version = "2.0";
    public const string JsonRpc = "jsonrpc";
    public const string Id = "id";
    public const string Method = "method";
    public const string Params = "params";
    public const string Result = "result";
    public const string Error = "error";
    public const string Code = "code";
    public const string Message = "message";
    public const string Data = "data";

    /// <summary>MCP notifications all live under this prefix (MCP basic/lifecycle).</summary>
    public const string NotificationPrefix = "notifications/";
}
