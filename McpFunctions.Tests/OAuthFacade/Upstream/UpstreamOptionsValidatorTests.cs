using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.OAuthFacade.Upstream;

/// <summary>Start-up refuses an upstream that would be unsafe or cannot work, with a message that says what to set.</summary>
public sealed class UpstreamOptionsValidatorTests
{
    [Fact]
    public async Task DevelopmentUpstream_OnAzure_RefusesToStart()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Development",
            ["WEBSITE_INSTANCE_ID"] = "0f3c4b5a6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718",
        }));

        Assert.Contains("Facade:Upstream:Kind is Development", exception.Message, StringComparison.Ordinal);
        Assert.Contains("runs on Azure", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentUpstream_OutsideDevelopment_RefusesToStart()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Development",
        }, environment: "Production"));

        Assert.Contains("only starts in the Development environment (this is 'Production')", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OidcUpstream_WithoutAuthorityClientIdOrCredentials_RefusesToStart_NamingEachSetting()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Oidc",
        }));

        Assert.Contains("Facade:Upstream:Authority", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Facade:Upstream:ClientId is required", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Facade:Upstream:ClientSecret, or UseManagedIdentityFederation=true", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://login.example.com/tenant/v2.0", "true")]
    [InlineData("http://login.example.com/tenant/v2.0", "false")]
    public async Task OidcUpstream_WithPlainHttpAuthorityOffLoopback_RefusesToStart(string authority, string requireHttps)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Oidc",
            ["Facade:Upstream:Authority"] = authority,
            ["Facade:Upstream:ClientId"] = "facade",
            ["Facade:Upstream:ClientSecret"] = "secret",
            ["Facade:Upstream:RequireHttpsMetadata"] = requireHttps,
        }));

        Assert.Contains("Facade:Upstream:Authority must be an absolute https URL", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OidcUpstream_WithBothASecretAndManagedIdentity_RefusesToStart()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Oidc",
            ["Facade:Upstream:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
            ["Facade:Upstream:ClientId"] = "facade",
            ["Facade:Upstream:ClientSecret"] = "secret",
            ["Facade:Upstream:UseManagedIdentityFederation"] = "true",
        }));

        Assert.Contains("not both", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OidcUpstream_EntraWithManagedIdentityFederation_Starts()
    {
        await using var app = await StartAsync(new()
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Oidc",
            ["Facade:Upstream:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
            ["Facade:Upstream:ClientId"] = "00000000-0000-0000-0000-000000000002",
            ["Facade:Upstream:UseManagedIdentityFederation"] = "true",
        });

        Assert.Contains("users sign in at login.microsoftonline.com", app.Logs.AllText, StringComparison.Ordinal);
    }

    private static Task<FacadeTestApp> StartAsync(Dictionary<string, string?> settings, string environment = "Development") =>
        FacadeTestApp.StartAsync(FacadeTestApp.FreePort(), settings, environment: environment);
}
