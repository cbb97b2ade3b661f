using McpFunctions.ResourceServer;
using McpFunctions.ResourceServer.TokenValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>Registration, defaults and start-up checks: misconfiguration fails at start with a message saying what to set.</summary>
public sealed class TokenValidationSetupTests
{
    [Fact]
    public void External_WithoutAuthority_FailsAtStartUp_SayingWhatToSet()
    {
        var failure = ValidationFailure(o => o.Authority = null);

        Assert.Contains("neither Auth:Authority nor Auth:MetadataAddress is set", failure);
        Assert.Contains("https://your-tenant.auth0.com/", failure);
    }

    [Fact]
    public void External_WithMetadataAddressOnly_Starts()
    {
        Assert.Null(ValidationFailure(o =>
        {
            o.Authority = null;
            o.MetadataAddress = "https://idp.example.test/.well-known/oauth-authorization-server";
        }));
    }

    [Fact]
    public void Introspection_WithoutClientCredentials_FailsAtStartUp()
    {
        var failure = ValidationFailure(o =>
        {
            o.Introspection.Enabled = true;
            o.Introspection.ClientId = "rs";
        });

        Assert.Contains("Auth:Introspection:ClientId and Auth:Introspection:ClientSecret are not both set", failure);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("hs512")]
    public void ValidAlgorithms_WithNoneOrHmac_FailsAtStartUp(string algorithm)
    {
        var failure = ValidationFailure(o => o.ValidAlgorithms.AddRange(["RS256", algorithm]));

        Assert.Contains($"Auth:ValidAlgorithms contains {algorithm}", failure);
    }

    [Theory]
    [InlineData("http://idp.example.test/", true)]
    [InlineData("http://idp.example.test/", false)]
    [InlineData("http://127.0.0.1:8080/", true)]
    public void PlainHttpAuthority_FailsAtStartUp_UnlessLoopbackWithHttpsRelaxed(string authority, bool requireHttps)
    {
        var failure = ValidationFailure(o =>
        {
            o.Authority = authority;
            o.RequireHttpsMetadata = requireHttps;
        });

        Assert.Contains($"Auth:Authority '{authority}' must be an absolute https URL", failure);
    }

    [Fact]
    public void LoopbackHttpAuthority_Starts_WhenHttpsIsRelaxed()
    {
        Assert.Null(ValidationFailure(o =>
        {
            o.Authority = "http://127.0.0.1:8080/";
            o.RequireHttpsMetadata = false;
        }));
    }

    [Fact]
    public void PlainHttpUserinfoEndpoint_FailsAtStartUp()
    {
        var failure = ValidationFailure(o =>
        {
            o.Userinfo.Enabled = true;
            o.Userinfo.Endpoint = "http://idp.example.test/userinfo";
        });

        Assert.Contains("Auth:Userinfo:Endpoint 'http://idp.example.test/userinfo' must be an absolute https URL", failure);
    }

    [Fact]
    public void DisabledMode_IsNotCheckedHere()
    {
        Assert.Null(ValidationFailure(o =>
        {
            o.Mode = AuthMode.Disabled;
            o.Authority = null;
            o.ValidAlgorithms.Add("HS256");
        }));
    }

    [Fact]
    public async Task Defaults_FillScopesAlgorithmsAndUserinfoScopes_WhenNotConfigured()
    {
        await using var host = TokenValidationTestHost.Create(o => o.Authority = "https://idp.example.test/");

        Assert.Equal(AuthOptions.DefaultScopes, host.Options.Scopes);
        Assert.Equal(AuthOptions.DefaultAlgorithms, host.Options.ValidAlgorithms);
        Assert.Equal(AuthOptions.DefaultScopes, host.Options.Userinfo.GrantedScopes);
    }

    [Fact]
    public async Task Defaults_KeepConfiguredLists()
    {
        await using var host = TokenValidationTestHost.Create(o =>
        {
            o.Authority = "https://idp.example.test/";
            o.Scopes.Add("tools:all");
            o.ValidAlgorithms.Add("ES256");
        });

        Assert.Equal(["tools:all"], host.Options.Scopes);
        Assert.Equal(["ES256"], host.Options.ValidAlgorithms);
        Assert.Equal(["tools:all"], host.Options.Userinfo.GrantedScopes);
    }

    [Fact]
    public async Task UserinfoEnabled_WarnsAtStartUp_ThatItCannotProveTheAudience_AndWhatToDoInstead()
    {
        await using var host = TokenValidationTestHost.Create(o =>
        {
            o.Authority = "https://your-tenant.auth0.com/";
            o.Userinfo.Enabled = true;
        });

        foreach (var hosted in host.Get<IEnumerable<IHostedService>>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var warning = Assert.Single(host.Logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Equal(2151, warning.EventId.Id);
        Assert.Contains("cannot prove that a token was issued for this server", warning.Message);
        Assert.Contains("Default Audience", warning.Message);
        Assert.Contains("Auth:Mode=Facade", warning.Message);
        Assert.Contains("[mcp:read mcp:execute]", warning.Message);
        Assert.Contains(host.Logs.Lines, l => l.EventId.Id == 2150 && l.Message.Contains("https://your-tenant.auth0.com/.well-known/openid-configuration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UserinfoDisabled_DoesNotWarn()
    {
        await using var host = TokenValidationTestHost.Create(o => o.Authority = "https://your-tenant.auth0.com/");

        foreach (var hosted in host.Get<IEnumerable<IHostedService>>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        Assert.DoesNotContain(host.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public void AddTokenValidation_IsIdempotent_AndRegistersTheRouterAsTheValidator()
    {
        var services = new ServiceCollection();
        services.AddTokenValidation();
        var count = services.Count;

        services.AddTokenValidation();

        Assert.Equal(count, services.Count);
        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(ITokenValidator));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(TokenValidationStartupCheck));
    }

    [Fact]
    public async Task TheRegisteredValidator_IsTheRouter()
    {
        await using var host = TokenValidationTestHost.Create(o => o.Authority = "https://idp.example.test/");

        Assert.IsType<TokenValidatorRouter>(host.Validator);
        Assert.Same(host.Get<TokenValidatorRouter>(), host.Validator);
    }

    private static string? ValidationFailure(Action<AuthOptions> change)
    {
        var options = new AuthOptions { Mode = AuthMode.External, Authority = "https://idp.example.test/" };
        change(options);
        var result = new TokenValidationOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? result.FailureMessage : null;
    }
}
