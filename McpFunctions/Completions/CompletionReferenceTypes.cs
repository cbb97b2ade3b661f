namespace McpFunctions.Completions;

/// <summary>The <c>ref.type</c> values of <c>completion/complete</c> (MCP server/utilities/completion, "Reference Types").</summary>
internal static class CompletionReferenceTypes
{
    /// <summary>Completes an argument of a prompt; <c>ref.name</c> is the prompt's name.</summary>
    public const string Prompt = "ref/prompt";

    /// <summary>Completes a variable of a resource template; <c>ref.uri</c> is the template's URI template.</summary>
    public const string ResourceTemplate = "ref/resource";
}
