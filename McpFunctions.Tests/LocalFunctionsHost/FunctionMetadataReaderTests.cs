using LocalFunctionsHost.Rpc;
using FunctionMetadataReader = LocalFunctionsHost.FunctionMetadataReader;
using FunctionTriggerKind = LocalFunctionsHost.FunctionTriggerKind;

namespace McpFunctions.Tests.LocalFunctionsHost;

/// <summary>The worker's binding JSON as the host reads it before loading a function.</summary>
public sealed class FunctionMetadataReaderTests
{
    [Fact]
    public void HttpTrigger_GivesMethodsRouteAndBindings()
    {
        var metadata = Metadata("Mcp",
            """{"name":"req","direction":"In","type":"httpTrigger","authLevel":"Anonymous","methods":["get","post"],"route":"mcp"}""",
            """{"name":"$return","type":"http","direction":"Out"}""");

        var function = FunctionMetadataReader.Describe(metadata, "/app");

        Assert.Equal(FunctionTriggerKind.Http, function.Trigger);
        Assert.Equal("req", function.TriggerBindingName);
        Assert.Equal("mcp", function.Route);
        Assert.Equal(["GET", "POST"], function.Methods!.Order(StringComparer.Ordinal));
        Assert.Equal(BindingInfo.Types.Direction.In, metadata.Bindings["req"].Direction);
        Assert.Equal("httpTrigger", metadata.Bindings["req"].Type);
        Assert.Equal(BindingInfo.Types.Direction.Out, metadata.Bindings["$return"].Direction);
        Assert.False(string.IsNullOrEmpty(function.FunctionId));
        Assert.Equal("/app", metadata.Directory);
    }

    [Theory]
    [InlineData("""{"name":"req","direction":"In","type":"httpTrigger"}""", "Named")] // no route: the name
    [InlineData("""{"name":"req","direction":"In","type":"httpTrigger","route":""}""", "")]
    public void HttpTrigger_RouteDefaultsToTheFunctionName(string binding, string expected)
    {
        var function = FunctionMetadataReader.Describe(Metadata("Named", binding), "/app");

        Assert.Equal(expected, function.Route);
        Assert.Null(function.Methods);
    }

    [Theory]
    [InlineData("""{"name":"t","direction":"In","type":"timerTrigger","schedule":"%S%","runOnStartup":true}""", true)]
    [InlineData("""{"name":"t","direction":"In","type":"timerTrigger","schedule":"%S%","runOnStartup":"true"}""", true)]
    [InlineData("""{"name":"t","direction":"In","type":"timerTrigger","schedule":"%S%"}""", false)]
    public void TimerTrigger_GivesScheduleAndRunOnStartup(string binding, bool runOnStartup)
    {
        var function = FunctionMetadataReader.Describe(Metadata("Purge", binding), "/app");

        Assert.Equal(FunctionTriggerKind.Timer, function.Trigger);
        Assert.Equal("t", function.TriggerBindingName);
        Assert.Equal("%S%", function.Schedule);
        Assert.Equal(runOnStartup, function.RunOnStartup);
    }

    [Fact]
    public void BrokenBindingJson_IsSkipped_NotFatal()
    {
        var function = FunctionMetadataReader.Describe(Metadata("Odd", "{not json", """{"name":"q","type":"queueTrigger","direction":"In"}"""), "/app");

        Assert.Equal(FunctionTriggerKind.Other, function.Trigger);
        Assert.Single(function.Metadata.Bindings);
    }

    private static RpcFunctionMetadata Metadata(string name, params string[] bindings)
    {
        var metadata = new RpcFunctionMetadata { Name = name, ScriptFile = "App.dll", EntryPoint = "App." + name };
        metadata.RawBindings.Add(bindings);
        return metadata;
    }
}
