namespace McpFunctions.Functions;

/// <summary>
/// HTTP methods as the Functions host spells them in a trigger's <c>methods</c>. The host answers 404 for a method
/// a function does not declare (azure-functions-host#10098) and for HEAD unless it is declared
/// (azure-functions-host#11625), so each function declares OPTIONS too (CORS preflights must reach the app: the
/// platform's CORS cannot expose <c>Mcp-Session-Id</c>) and the MCP endpoint declares every method.
/// </summary>
internal static class FunctionMethods
{
    public const string Get = "get";
    public const string Post = "post";
    public const string Put = "put";
    public const string Patch = "patch";
    public const string Delete = "delete";
    public const string Head = "head";
    public const string Options = "options";
}
