using System.Text;
using McpFunctions.JsonRpc;
using McpFunctions.Mcp;
using McpFunctions.ResourceServer;
using McpFunctions.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Mcp;

/// <summary>
/// The access table (DESIGN.md §4) on its own, row by row: the first seed's Authentication Matrix (<c>seed</c>), the
/// strict default, both eras, DELETE, authentication off, and the scopes and tool a <c>tools/call</c> resolves to.
/// </summary>
public sealed class McpAccessPolicyTests
{
    private const string Calculate = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"calculate","arguments":{}}}""";

    private readonly McpToolRegistry _tools = Registry(
        ("calculate", ["mcp:execute"]),
        ("describe", ["mcp:read"]),
        ("audit", ["mcp:read", "mcp:execute"]),
        ("open", []));

    /// <summary>Every row of the legacy table: token under seed, token under strict, session (the same in both).</summary>
    [Theory]
    [InlineData("initialize alone", """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}""", false, true, false)]
    [InlineData("initialize in a batch", """[{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}]""", false, true, true)]
    [InlineData("notifications/initialized", """{"jsonrpc":"2.0","method":"notifications/initialized"}""", false, true, true)]
    [InlineData("other notification", """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""", false, true, true)]
    [InlineData("response", """{"jsonrpc":"2.0","id":4,"result":{}}""", false, true, true)]
    [InlineData("tools/list", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", true, true, true)]
    [InlineData("tools/call", Calculate, true, true, true)]
    [InlineData("ping", """{"jsonrpc":"2.0","id":1,"method":"ping"}""", true, true, true)]
    [InlineData("unknown method", """{"jsonrpc":"2.0","id":1,"method":"no/such"}""", true, true, true)]
    [InlineData("invalid message", """{"jsonrpc":"1.0","id":1,"method":"ping"}""", true, true, true)]
    [InlineData("notification + request", """[{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":1,"method":"ping"}]""", true, true, true)]
    public void Legacy_EveryRow(string row, string body, bool seedToken, bool strictToken, bool session)
    {
        var seed = Policy(MethodPolicyPreset.Seed).ForBody(Parse(body), McpEra.Legacy);
        var strict = Policy(MethodPolicyPreset.Strict).ForBody(Parse(body), McpEra.Legacy);

        Assert.True(seedToken == seed.NeedsToken, $"{row}: seed token");
        Assert.True(strictToken == strict.NeedsToken, $"{row}: strict token");
        Assert.True(session == seed.NeedsSession, $"{row}: seed session");
        Assert.True(session == strict.NeedsSession, $"{row}: strict session");
    }

    /// <summary>Every row of the modern table: no sessions in 2026-07-28; seed leaves discovery and non-requests open.</summary>
    [Theory]
    [InlineData("server/discover", """{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{}}""", false)]
    [InlineData("notification", """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""", false)]
    [InlineData("response", """{"jsonrpc":"2.0","id":4,"result":{}}""", false)]
    [InlineData("tools/list", """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", true)]
    [InlineData("tools/call", Calculate, true)]
    [InlineData("unknown method", """{"jsonrpc":"2.0","id":1,"method":"no/such"}""", true)]
    [InlineData("invalid message", """{"jsonrpc":"1.0","id":1,"method":"ping"}""", true)]
    public void Modern_EveryRow(string row, string body, bool seedToken)
    {
        var seed = Policy(MethodPolicyPreset.Seed).ForBody(Parse(body), McpEra.Modern);
        var strict = Policy(MethodPolicyPreset.Strict).ForBody(Parse(body), McpEra.Modern);

        Assert.True(seedToken == seed.NeedsToken, $"{row}: seed token");
        Assert.True(strict.NeedsToken, $"{row}: strict token");
        Assert.False(seed.NeedsSession, $"{row}: seed session");
        Assert.False(strict.NeedsSession, $"{row}: strict session");
    }

    [Fact]
    public void Delete_NeedsTheSession_AndUnderStrictTheTokenToo()
    {
        var seed = Policy(MethodPolicyPreset.Seed).ForDelete();
        var strict = Policy(MethodPolicyPreset.Strict).ForDelete();

        Assert.Equal((false, true), (seed.NeedsToken, seed.NeedsSession));
        Assert.Equal((true, true), (strict.NeedsToken, strict.NeedsSession));
        Assert.Empty(strict.RequiredScopes);
        Assert.Null(strict.ToolAt(0));
    }

    [Fact]
    public void StrictIsTheDefault()
    {
        Assert.Equal(MethodPolicyPreset.Strict, new AuthOptions().MethodPolicy);
        var policy = new McpAccessPolicy(Options.Create(new AuthOptions { Mode = AuthMode.External }), _tools);

        var initialize = policy.ForBody(Parse("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}"""), McpEra.Legacy);

        Assert.True(policy.AuthenticationEnabled);
        Assert.True(initialize.NeedsToken);
        Assert.False(initialize.NeedsSession);
    }

    [Fact]
    public void AuthenticationOff_NeedsNoToken_ButSessionsStillApply()
    {
        var policy = new McpAccessPolicy(Options.Create(new AuthOptions { Mode = AuthMode.Disabled, MethodPolicy = MethodPolicyPreset.Strict }), _tools);

        var call = policy.ForBody(Parse(Calculate), McpEra.Legacy);

        Assert.False(policy.AuthenticationEnabled);
        Assert.False(call.NeedsToken);
        Assert.True(call.NeedsSession);
        Assert.False(policy.ForDelete().NeedsToken);
        Assert.Equal(["mcp:execute"], call.RequiredScopes);
    }

    [Theory]
    [InlineData("calculate", new[] { "mcp:execute" })]
    [InlineData("describe", new[] { "mcp:read" })]
    [InlineData("audit", new[] { "mcp:read", "mcp:execute" })]
    [InlineData("open", new string[0])]
    public void ToolCall_NeedsItsToolsScopes_AndResolvesTheTool(string name, string[] scopes)
    {
        var body = Calculate.Replace("calculate", name, StringComparison.Ordinal);

        foreach (var era in new[] { McpEra.Legacy, McpEra.Modern })
        {
            var decision = Policy(MethodPolicyPreset.Seed).ForBody(Parse(body), era);

            Assert.Equal(scopes, decision.RequiredScopes);
            Assert.True(_tools.TryGet(name, out var expected));
            Assert.Same(expected, decision.ToolAt(0));
            Assert.True(decision.NeedsToken);
        }
    }

    [Fact]
    public void BatchOfToolCalls_NeedsTheUnionOfScopes_OnceEach_AndResolvesEachCall()
    {
        var body = """
            [{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"calculate"}},
             {"jsonrpc":"2.0","id":2,"method":"tools/list"},
             {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"audit"}}]
            """;

        var decision = Policy(MethodPolicyPreset.Strict).ForBody(Parse(body), McpEra.Legacy);

        Assert.Equal(["mcp:execute", "mcp:read"], decision.RequiredScopes);
        Assert.Equal("calculate", decision.ToolAt(0)!.Name);
        Assert.Null(decision.ToolAt(1));
        Assert.Equal("audit", decision.ToolAt(2)!.Name);
        Assert.Null(decision.ToolAt(3));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no-such-tool"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call"}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"calculate"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"name":"calculate"}}""")]
    public void UnknownOrNoTool_NeedsNoScope_AndResolvesNothing(string body)
    {
        var decision = Policy(MethodPolicyPreset.Strict).ForBody(Parse(body), McpEra.Legacy);

        Assert.Empty(decision.RequiredScopes);
        Assert.Null(decision.ToolAt(0));
        Assert.True(decision.NeedsToken);
    }

    [Fact]
    public void NoToolsRegistered_ResolvesNothing()
    {
        var policy = new McpAccessPolicy(Options.Create(new AuthOptions { Mode = AuthMode.External }), Registry());

        var decision = policy.ForBody(Parse(Calculate), McpEra.Modern);

        Assert.Empty(decision.RequiredScopes);
        Assert.Null(decision.ToolAt(0));
    }

    private McpAccessPolicy Policy(MethodPolicyPreset preset) =>
        new(Options.Create(new AuthOptions { Mode = AuthMode.External, MethodPolicy = preset }), _tools);

    /// <summary>A method's registered scopes join the decision; a notification or another method gets none.</summary>
    [Fact]
    public void RegisteredMethodScopes_AreRequired_ForThatRequestOnly()
    {
        var policy = new McpAccessPolicy(
            Options.Create(new AuthOptions { Mode = AuthMode.External, MethodPolicy = MethodPolicyPreset.Strict }),
            _tools,
            [new McpMethodScope("resources/read", "mcp:read"), new McpMethodScope("resources/read", "mcp:audit")]);

        var read = policy.ForBody(Parse("""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"x://y"}}"""), McpEra.Legacy);
        var list = policy.ForBody(Parse("""{"jsonrpc":"2.0","id":1,"method":"resources/list"}"""), McpEra.Legacy);
        var batch = policy.ForBody(Parse("""[{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"x://y"}},""" + Calculate + "]"), McpEra.Legacy);

        Assert.Equal(["mcp:read", "mcp:audit"], read.RequiredScopes);
        Assert.Empty(list.RequiredScopes);
        Assert.Equal(["mcp:read", "mcp:audit", "mcp:execute"], batch.RequiredScopes);
    }

    private static ParsedBody Parse(string body)
    {
        var parsed = JsonRpcParser.Parse(Encoding.UTF8.GetBytes(body));
        Assert.Null(parsed.Error);
        return parsed;
    }

    private static McpToolRegistry Registry(params (string Name, string[] Scopes)[] tools)
    {
        var registrations = tools.Select(t => new ToolRegistration(_ =>
            [new RegisteredTool(McpServerTool.Create(() => "ok", new McpServerToolCreateOptions { Name = t.Name }), t.Scopes)]));
        return new McpToolRegistry([.. registrations], new ServiceCollection().BuildServiceProvider());
    }
}
