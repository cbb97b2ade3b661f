using McpFunctions.Hosting;
using McpFunctions.Mcp;
using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.ResourceServer;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests;

/// <summary>
/// The composition root chooses the token validator once, by <c>Auth:Mode</c>, and every area's <c>Add…</c> is idempotent,
/// so calling them again, in any order, changes nothing; the lower floors get their settings from it.
/// </summary>
public sealed class McpFunctionsExtensionsTests
{
    [Fact]
    public void FacadeMode_TheFacadeValidatesTokens_WhateverIsAddedAfterwards()
    {
        var builder = Builder(new() { ["Auth:Mode"] = "Facade", ["Facade:Upstream:Kind"] = "Development" });

        builder.AddMcpFunctions();
        builder.Services.AddMcpAuthentication();
        builder.Services.AddTokenValidation();
        builder.Services.AddOAuthFacade(builder.Configuration);
        using var app = builder.Build();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(ITokenValidator));
        Assert.IsType<FacadeTokenValidator>(app.Services.GetRequiredService<ITokenValidator>());
    }

    [Theory]
    [InlineData("External")]
    [InlineData("Disabled")]
    public void OtherModes_TheResourceServersRouterValidatesTokens(string mode)
    {
        var builder = Builder(new() { ["Auth:Mode"] = mode, ["Auth:Authority"] = "https://idp.example/" });

        builder.AddMcpFunctions();
        builder.Services.AddMcpAuthentication();
        builder.Services.AddOAuthFacade(builder.Configuration);
        using var app = builder.Build();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(ITokenValidator));
        Assert.IsType<TokenValidatorRouter>(app.Services.GetRequiredService<ITokenValidator>());
    }

    [Fact]
    public void LowerFloors_GetTheirSettingsFromTheMcpSection()
    {
        var builder = Builder(new()
        {
            ["Auth:Mode"] = "External",
            ["Auth:Authority"] = "https://idp.example/",
            ["Auth:UnboundSessionLifetime"] = "00:03:00",
            ["Mcp:PublicBaseUrl"] = "https://mcp.example.com/",
            ["Mcp:Paths:0"] = "/mcp",
            ["Mcp:ServerTitle"] = "Calculators",
            ["Mcp:SessionIdleTimeout"] = "02:00:00",
            ["Mcp:SessionTouchInterval"] = "00:01:00",
        });

        builder.AddMcpFunctions();
        using var app = builder.Build();

        Assert.Equal("https://mcp.example.com", app.Services.GetRequiredService<IOptions<PublicUrlOptions>>().Value.PublicBaseUrl);
        var resources = app.Services.GetRequiredService<IOptions<ProtectedResourceOptions>>().Value;
        Assert.Equal(["/mcp"], resources.Paths);
        Assert.Equal("Calculators", resources.ResourceName);
        var lifetime = app.Services.GetRequiredService<IOptions<SessionLifetimeOptions>>().Value;
        Assert.Equal(TimeSpan.FromHours(2), lifetime.IdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), lifetime.TouchInterval);
        Assert.True(lifetime.LimitUnboundSessions);
        Assert.Equal(TimeSpan.FromMinutes(3), lifetime.UnboundLifetime);
    }

    [Theory]
    [InlineData("/custom")]
    [InlineData("/mcp/extra")]
    public void McpPath_ThatNoFunctionServes_FailsStartUp_NamingTheRoutes(string path)
    {
        var builder = Builder(new() { ["Auth:Mode"] = "Disabled", ["Mcp:Paths:0"] = "/mcp", ["Mcp:Paths:1"] = path });
        builder.AddMcpFunctions();
        using var app = builder.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<McpEndpointOptions>>().Value);

        var message = Assert.Single(failure.Failures);
        Assert.Equal($"Mcp:Paths entry '{path}' is not a route of an MCP function; the functions serve / and /mcp. Remove the entry, or add a route in Functions/McpEndpointFunctions.cs.", message);
    }

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/")]
    [InlineData("/")]
    public void McpPath_ThatAFunctionServes_IsAccepted(string path)
    {
        var builder = Builder(new() { ["Auth:Mode"] = "Disabled", ["Mcp:Paths:0"] = path });
        builder.AddMcpFunctions();
        using var app = builder.Build();

        Assert.Equal([path], app.Services.GetRequiredService<IOptions<McpEndpointOptions>>().Value.Paths);
    }

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "McpFunctions",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
