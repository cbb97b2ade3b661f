namespace McpFunctions.Completions;

/// <summary>
/// What a completion source completes: one argument of one prompt, or one variable of one resource template.
/// Compared ordinally, as MCP names and URI templates are.
/// </summary>
/// <param name="ReferenceType">One of <see cref="CompletionReferenceTypes"/>.</param>
/// <param name="Name">The prompt name, or the resource template's URI template.</param>
/// <param name="ArgumentName">The prompt argument, or the template variable.</param>
internal sealed record CompletionTarget(string ReferenceType, string Name, string ArgumentName)
{
    public static CompletionTarget ForPrompt(string promptName, string argumentName) =>
        new(CompletionReferenceTypes.Prompt, promptName, argumentName);

    public static CompletionTarget ForResourceTemplate(string uriTemplate, string variableName) =>
        new(CompletionReferenceTypes.ResourceTemplate, uriTemplate, variableName);

    public override string ToString() => $"{ReferenceType} '{Name}' argument '{ArgumentName}'";
}
