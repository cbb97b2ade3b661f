using System.Text.Json;
using McpFunctions.Tools;
using McpFunctions.Tools.Calculators;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Tools;

/// <summary>
/// The tools invoked through the SDK the way <c>tools/call</c> does: arguments bound from JSON, the
/// instance created per call from the container, the record returned as structured content. A caller's
/// mistake leaves the SDK tool as exactly <see cref="McpException"/> (not <see cref="McpProtocolException"/>),
/// which the dispatcher answers with <c>isError: true</c> and the message (MCP tools spec, "Error Handling").
/// </summary>
public sealed class ClinicalCalculatorToolsInvocationTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSingleton<CalculatorCatalog>().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Execute_ReturnsStructuredContentAndTextContent()
    {
        var result = await InvokeAsync(
            nameof(ClinicalCalculatorTools.Execute),
            """{"calculatorId": "bmi", "inputs": {"weight": 68, "height": 165}}""");

        Assert.NotEqual(true, result.IsError);
        var structured = result.StructuredContent!.Value;
        Assert.Equal("bmi", structured.GetProperty("calculatorId").GetString());
        Assert.Equal(24.98, structured.GetProperty("results")[0].GetProperty("value").GetDouble());
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        using var textJson = JsonDocument.Parse(text.Text);
        Assert.Equal("BMI 24.98 kg/m²: Normal range (WHO adult classification).", textJson.RootElement.GetProperty("interpretation").GetString());
    }

    [Fact]
    public async Task Execute_OutOfRangeInput_SurfacesAsMcpExceptionWithMessage()
    {
        var exception = await Assert.ThrowsAsync<McpException>(() => InvokeAsync(
            nameof(ClinicalCalculatorTools.Execute),
            """{"calculatorId": "egfr-ckd-epi-2021", "inputs": {"age": 50, "sex": "male", "creatinine": 35}}"""));

        Assert.Equal("Input 'creatinine' must be between 0.1 and 20 mg/dL (got 35).", exception.Message);
    }

    [Fact]
    public async Task Execute_InputsAsStringsFromClient_AreBound()
    {
        var result = await InvokeAsync(
            nameof(ClinicalCalculatorTools.Execute),
            """{"calculatorId": "qtc", "inputs": {"qt": "400", "heartRate": "90", "sex": "female"}}""");

        Assert.Equal(490, result.StructuredContent!.Value.GetProperty("results")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task GetInfo_UnknownCalculator_SurfacesAsMcpExceptionWithMessage()
    {
        var exception = await Assert.ThrowsAsync<McpException>(
            () => InvokeAsync(nameof(ClinicalCalculatorTools.GetInfo), """{"calculatorId": "apgar"}"""));

        Assert.StartsWith("Unknown calculator 'apgar'.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithoutArguments_ListsEverything()
    {
        var result = await InvokeAsync(nameof(ClinicalCalculatorTools.List), "{}");

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(8, result.StructuredContent!.Value.GetProperty("calculators").GetArrayLength());
    }

    private async Task<CallToolResult> InvokeAsync(string method, string argumentsJson)
    {
        var tool = McpServerTool.Create(
            typeof(ClinicalCalculatorTools).GetMethod(method)!,
            context => ActivatorUtilities.CreateInstance<ClinicalCalculatorTools>(_services),
            new McpServerToolCreateOptions { Services = _services });

        var arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(argumentsJson)!;
        var request = new JsonRpcRequest { Id = new RequestId(1), Method = RequestMethods.ToolsCall };
        var parameters = new CallToolRequestParams { Name = tool.ProtocolTool.Name, Arguments = arguments };
        await using var server = new InvocationServer(_services);

        return await tool.InvokeAsync(new RequestContext<CallToolRequestParams>(server, request, parameters), CancellationToken.None);
    }

    // The least McpServer a tool invocation needs; these tools never talk back to the client.
#pragma warning disable MCPEXP002 // Subclassing McpServer is experimental in SDK 2.3.
    private sealed class InvocationServer(IServiceProvider services) : McpServer
    {
        public override ClientCapabilities? ClientCapabilities => null;

        public override Implementation? ClientInfo => null;

        public override McpServerOptions ServerOptions { get; } = new();

        public override IServiceProvider? Services => services;

#pragma warning disable MCP9005
        [Obsolete("Logging is deprecated as of protocol 2026-07-28.")]
        public override LoggingLevel? LoggingLevel => null;
#pragma warning restore MCP9005

        public override string? SessionId => null;

        public override string? NegotiatedProtocolVersion => "2025-06-18";

        public override Task RunAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task<JsonRpcResponse> SendRequestAsync(JsonRpcRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Calculator tools do not call back to the client.");

        public override Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override IAsyncDisposable RegisterNotificationHandler(string method, Func<JsonRpcNotification, CancellationToken, ValueTask> handler) =>
            throw new InvalidOperationException("Calculator tools register no handlers.");

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
#pragma warning restore MCPEXP002
}
