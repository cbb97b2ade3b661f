using System.ComponentModel;
using System.Text.Json;
using McpFunctions.Tools.Calculators;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tools;

/// <summary>
/// The four tools the seed's server offered (seed step 4.1, "Returning 4 tools"): browse, search, describe
/// and run the medical calculators. Reading the catalogue needs <c>mcp:read</c>; running a calculator
/// needs <c>mcp:execute</c> (the seed's consent screen: "Read calculator information" / "Calculate
/// medical scores"). A caller's mistake becomes an <see cref="McpException"/>, which the SDK returns as a
/// tool result with <c>isError: true</c> and the message, so the model can correct itself.
/// </summary>
[McpServerToolType]
internal sealed class ClinicalCalculatorTools(CalculatorCatalog catalog)
{
    public const string ReadScope = "mcp:read";
    public const string ExecuteScope = "mcp:execute";

    [McpServerTool(
        Name = "mcp_list",
        Title = "List medical calculators",
        ReadOnly = true,
        Idempotent = true,
        Destructive = false,
        OpenWorld = false,
        UseStructuredContent = true)]
    [Description("Lists the available medical calculators (id, name, category, one-line description), optionally only one category. Use an id with mcp_get_info to see its inputs, then mcp_execute to run it.")]
    [RequiredScope(ReadScope)]
    public CalculatorListResult List(
        [Description("Only list calculators in this category (case-insensitive), e.g. \"Cardiology\". Omit to list all.")]
        string? category = null)
    {
        IReadOnlyList<IClinicalCalculator> calculators;
        if (string.IsNullOrWhiteSpace(category))
        {
            calculators = catalog.All;
        }
        else
        {
            calculators = catalog.InCategory(category)
                ?? throw new McpException(
                    $"Unknown category '{category}'. Known categories: {string.Join(", ", catalog.Categories)}.");
        }

        return new CalculatorListResult(
            [.. calculators.Select(c => CalculatorSummary.From(c.Definition))],
            catalog.Categories);
    }

    [McpServerTool(
        Name = "mcp_search",
        Title = "Search medical calculators",
        ReadOnly = true,
        Idempotent = true,
        Destructive = false,
        OpenWorld = false,
        UseStructuredContent = true)]
    [Description("Finds medical calculators by words in their id, name, category, description or common synonyms (e.g. \"kidney function\", \"atrial fibrillation stroke\", \"QT\"). Returns matches best first; an empty list means nothing matched.")]
    [RequiredScope(ReadScope)]
    public CalculatorSearchResult Search(
        [Description("Words to search for, case-insensitive.")]
        string query)
    {
        if (string.IsNullOrWhiteSpace(query) || !CalculatorCatalog.Tokenize(query).Any())
        {
            throw new McpException("Input 'query' must contain at least one word to search for.");
        }

        return new CalculatorSearchResult(query, [.. catalog.Search(query).Select(CalculatorSearchMatch.From)]);
    }

    [McpServerTool(
        Name = "mcp_get_info",
        Title = "Describe a medical calculator",
        ReadOnly = true,
        Idempotent = true,
        Destructive = false,
        OpenWorld = false,
        UseStructuredContent = true)]
    [Description("Describes one calculator: each input's name, type (number, boolean or choice), unit and accepted range per unit, allowed values, default and whether it is required, plus the publication the formula comes from.")]
    [RequiredScope(ReadScope)]
    public CalculatorInfo GetInfo(
        [Description("Calculator id from mcp_list or mcp_search, e.g. \"egfr-ckd-epi-2021\".")]
        string calculatorId) =>
        CalculatorInfo.From(FindOrThrow(calculatorId).Definition);

    [McpServerTool(
        Name = "mcp_execute",
        Title = "Run a medical calculator",
        ReadOnly = true,
        Idempotent = true,
        Destructive = false,
        OpenWorld = false,
        UseStructuredContent = true)]
    [Description("Runs one calculator on named inputs and returns the result value(s) with units, an interpretation, per-criterion points for scores, the inputs as used after unit conversion, and the source publication. Call mcp_get_info first to learn the input names, units and ranges.")]
    [RequiredScope(ExecuteScope)]
    public CalculatorExecutionResult Execute(
        [Description("Calculator id from mcp_list or mcp_search, e.g. \"bmi\".")]
        string calculatorId,
        [Description("Input values by name, e.g. {\"weight\": 70, \"weightUnit\": \"kg\", \"height\": 175, \"heightUnit\": \"cm\"}. Numbers as JSON numbers, yes/no criteria as true/false, choices as strings.")]
        Dictionary<string, JsonElement> inputs)
    {
        var calculator = FindOrThrow(calculatorId);
        try
        {
            var arguments = CalculatorArguments.Bind(calculator.Definition, inputs);
            var result = calculator.Calculate(arguments);
            return CalculatorExecutionResult.From(calculator.Definition, result, arguments.Used);
        }
        catch (CalculatorInputException ex)
        {
            throw new McpException(ex.Message, ex);
        }
    }

    private IClinicalCalculator FindOrThrow(string? calculatorId) =>
        catalog.Find(calculatorId)
        ?? throw new McpException(
            $"Unknown calculator '{calculatorId}'. Known calculators: {string.Join(", ", catalog.All.Select(c => c.Definition.Id))}. " +
            "Use mcp_list or mcp_search to find one.");
}
