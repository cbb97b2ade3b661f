using System.Text;
using System.Text.Json;
using McpFunctions.Resources;
using McpFunctions.Tools.Calculators;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Prompts;

/// <summary>
/// <c>interpret-result</c>: asks the model to explain a calculator's result to a clinician, grounded in that
/// calculator's definition (embedded as the resource <c>calculators://calculator/{id}</c>, so its inputs, units,
/// ranges and source travel with the question). Written out rather than as an SDK prompt method so that a missing
/// or unknown argument is the protocol's invalid params (-32602) with a message naming it, not a binder fault.
/// </summary>
internal sealed class InterpretResultPrompt(CalculatorCatalog catalog) : McpServerPrompt
{
    public const string Name = "interpret-result";
    public const string CalculatorArgument = "calculator";
    public const string ResultArgument = "result";
    public const string ContextArgument = "context";

    public override Prompt ProtocolPrompt { get; } = new()
    {
        Name = Name,
        Title = "Interpret a calculator result for a clinician",
        Description = "Explains one calculator result for a clinician: what the value means, the category or threshold it falls in, the formula's limits, and what is usually considered next.",
        Arguments =
        [
            new PromptArgument { Name = CalculatorArgument, Description = "Calculator id from calculators://catalog, e.g. \"egfr-ckd-epi-2021\".", Required = true },
            new PromptArgument { Name = ResultArgument, Description = "The result to interpret, with its unit, e.g. \"42 mL/min/1.73m²\" or \"score 3\".", Required = true },
            new PromptArgument { Name = ContextArgument, Description = "Optional patient context, e.g. \"78-year-old woman on apixaban\".", Required = false },
        ],
    };

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = request.Params?.Arguments;
        var calculatorId = Required(arguments, CalculatorArgument);
        var result = Required(arguments, ResultArgument);
        var context = Optional(arguments, ContextArgument);
        var definition = catalog.Find(calculatorId)?.Definition
            ?? throw new McpProtocolException(
                $"Unknown calculator '{calculatorId}' for prompt '{Name}'. Known calculators: {string.Join(", ", catalog.All.Select(c => c.Definition.Id))}.",
                McpErrorCode.InvalidParams);

        return ValueTask.FromResult(new GetPromptResult
        {
            Description = $"Interpret a {definition.Name} result for a clinician",
            Messages =
            [
                new PromptMessage
                {
                    Role = Role.User,
                    Content = new EmbeddedResourceBlock
                    {
                        Resource = new TextResourceContents
                        {
                            Uri = CalculatorResources.DefinitionUri(definition),
                            MimeType = CalculatorJsonResource.JsonMimeType,
                            Text = CalculatorResources.DefinitionJson(definition),
                        },
                    },
                },
                new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = Question(definition, result, context) } },
            ],
        });
    }

    private static string Question(CalculatorDefinition definition, string result, string? context)
    {
        var text = new StringBuilder()
            .Append("Interpret this ").Append(definition.Name).Append(" result for a clinician: ").Append(result).Append('.');
        if (context is not null)
        {
            text.Append(" Patient context: ").Append(context).Append('.');
        }

        return text.Append(" Using the calculator definition above (its inputs, units, ranges and source), say what the value means, ")
            .Append("which category or threshold it falls in, the limits of the formula for this patient, and what a clinician would usually consider next. ")
            .Append("Do not assume values that were not given.")
            .ToString();
    }

    private static string Required(IDictionary<string, JsonElement>? arguments, string name) =>
        Optional(arguments, name)
        ?? throw new McpProtocolException($"Missing required argument '{name}' for prompt '{Name}'.", McpErrorCode.InvalidParams);

    // Prompt arguments are strings (MCP server/prompts); a number sent as a JSON number is taken as its text.
    private static string? Optional(IDictionary<string, JsonElement>? arguments, string name)
    {
        if (arguments is null || !arguments.TryGetValue(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
