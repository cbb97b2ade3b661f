using System.Net;
using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>AddOAuthFacade and the façade's functions: a function without the services says what to do; outside façade mode nothing is served.</summary>
public sealed class FacadeEndpointsExtensionsTests
{
    [Fact]
    public async Task FacadeFunction_WithoutAddOAuthFacade_FailsWithAnActionableMessage()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        context.Request.Method = "GET";

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => FacadeEndpointsExtensions.InvokeAsync<JwksEndpoint>(context, get: e => e.HandleAsync));

        Assert.Contains("AddOAuthFacade(builder.Configuration)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideFacadeMode_NoFacadeEndpointIsServed()
    {
        await using var app = await FacadeTestApp.StartAsync(FacadeTestApp.FreePort(), new Dictionary<string, string?> { ["Auth:Mode"] = "Disabled" });

        using var metadata = await app.Client.GetAsync("/.well-known/oauth-authorization-server");
        using var register = await app.Client.PostAsync("/register", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, metadata.StatusCode);
        Assert.NotEqual(HttpStatusCode.Created, register.StatusCode);
    }

    [Fact]
    public async Task AddOAuthFacade_CalledTwice_RegistersOnce()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ApplicationName = "McpFunctions" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Mode"] = "Facade", ["Facade:Upstream:Kind"] = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddMcpFunctions();
        builder.Services.AddOAuthFacade(builder.Configuration);
        builder.Services.AddOAuthFacade(builder.Configuration);
        await using var app = builder.Build();
        app.MapMcpFunctions();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        // A second registration would duplicate the CORS policy and hosted start-up log; the metadata still answers.
        using var response = await client.GetAsync("/.well-known/oauth-authorization-server");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();
    }
}
