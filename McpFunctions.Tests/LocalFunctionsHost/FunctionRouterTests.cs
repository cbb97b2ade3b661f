using LocalFunctionsHost.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using FunctionDescriptor = LocalFunctionsHost.FunctionDescriptor;
using FunctionRouter = LocalFunctionsHost.FunctionRouter;
using FunctionTriggerKind = LocalFunctionsHost.FunctionTriggerKind;

namespace McpFunctions.Tests.LocalFunctionsHost;

/// <summary>Route selection as the real host does it: templates under routePrefix, most specific first, declared methods only.</summary>
public sealed class FunctionRouterTests
{
    private static readonly IInlineConstraintResolver Constraints =
        new ServiceCollection().AddRouting().BuildServiceProvider().GetRequiredService<IInlineConstraintResolver>();

    private static readonly FunctionDescriptor[] Functions =
    [
        Http("Mcp", "mcp", null),
        Http("Root", "", ["GET", "POST"]),
        Http("Prm", ".well-known/oauth-protected-resource/{*rest}", ["GET"]),
        Http("Asm", ".well-known/oauth-authorization-server", ["GET"]),
        Http("ItemById", "items/{id:int}", ["GET"]),
        Http("ItemByName", "items/{name}", ["GET"]),
        Http("ItemsLatest", "items/latest", ["GET"]),
        Http("Everything", "{*path}", ["PUT"]),
        Http("Named", null, ["GET"]),
    ];

    [Theory]
    [InlineData("", "GET", "/mcp", "Mcp")]
    [InlineData("", "PATCH", "/mcp", "Mcp")] // no methods declared: every method
    [InlineData("", "GET", "/", "Root")]
    [InlineData("", "GET", "/.well-known/oauth-protected-resource", "Prm")]
    [InlineData("", "GET", "/.well-known/oauth-protected-resource/mcp", "Prm")]
    [InlineData("", "GET", "/.well-known/oauth-authorization-server", "Asm")]
    [InlineData("", "GET", "/items/12", "ItemById")]
    [InlineData("", "GET", "/items/latest", "ItemsLatest")] // a literal beats a parameter
    [InlineData("", "GET", "/items/other", "ItemByName")] // the int constraint does not hold
    [InlineData("", "PUT", "/items/12", "Everything")]
    [InlineData("", "GET", "/Named", "Named")] // no route: the function's name
    [InlineData("", "GET", "/MCP", "Mcp")] // case-insensitive like ASP.NET Core routing
    [InlineData("api", "GET", "/api/mcp", "Mcp")]
    [InlineData("api", "GET", "/api", "Root")]
    [InlineData("api", "GET", "/api/items/3", "ItemById")]
    public void Match_SelectsTheFunction(string prefix, string method, string path, string expected)
    {
        var router = new FunctionRouter(Functions, prefix, Constraints);

        var match = router.Match(Request(method, path), out _);

        Assert.Equal(expected, match?.Name);
    }

    [Theory]
    [InlineData("", "HEAD", "/")] // azure-functions-host#11625: GET does not imply HEAD
    [InlineData("", "DELETE", "/items/12")] // azure-functions-host#10098: undeclared method → no function → 404
    [InlineData("", "POST", "/.well-known/oauth-protected-resource")]
    [InlineData("api", "GET", "/mcp")]
    [InlineData("api", "GET", "/apimcp")]
    [InlineData("", "GET", "/nothing/here")]
    public void Match_FindsNothing_WhenNoFunctionDeclaresPathAndMethod(string prefix, string method, string path)
    {
        var router = new FunctionRouter(Functions, prefix, Constraints);

        Assert.Null(router.Match(Request(method, path), out _));
    }

    [Fact]
    public void Match_ReturnsRouteValues_ForBinding()
    {
        var router = new FunctionRouter(Functions, "", Constraints);

        var match = router.Match(Request("GET", "/.well-known/oauth-protected-resource/a/b"), out var values);

        Assert.Equal("Prm", match?.Name);
        Assert.Equal("a/b", values["rest"]);
    }

    private static DefaultHttpContext Request(string method, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        return context;
    }

    private static FunctionDescriptor Http(string name, string? route, string[]? methods) =>
        new(name, Guid.NewGuid().ToString(), FunctionTriggerKind.Http, "req", new RpcFunctionMetadata { Name = name })
        {
            Route = route ?? name,
            Methods = methods?.ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
}
