using System.ComponentModel;
using McpFunctions.Resources;
using McpFunctions.Tests.Conformance;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Resources;

public sealed class ResourceRegistryTests
{
    [Fact]
    public void AddMcpResources_ListsDirectResourcesByUri_AndTemplatesSeparately()
    {
        using var services = Build(s => s.AddMcpResources<CatalogResources>());
        var registry = services.GetRequiredService<ResourceRegistry>();

        Assert.True(registry.HasResources);
        Assert.True(registry.HasTemplates);
        Assert.Equal(["test://catalog/a-first", "test://catalog/special", "test://catalog/z-last"], registry.Resources.Select(r => r.Uri));
        var special = registry.Resources.Single(r => r.Uri == "test://catalog/special");
        Assert.Equal("special", special.Name);
        Assert.Equal("The special item", special.Description);
        Assert.Equal("text/plain", special.MimeType);
        var template = Assert.Single(registry.Templates);
        Assert.Equal("test://catalog/{id}", template.UriTemplate);
        Assert.Equal("item", template.Name);
    }

    [Fact]
    public async Task Find_PrefersTheExactResource_OverAMatchingTemplate()
    {
        using var services = Build(s => s.AddMcpResources<CatalogResources>());
        var registry = services.GetRequiredService<ResourceRegistry>();

        var exact = registry.Find("test://catalog/special");
        var templated = registry.Find("test://catalog/42");

        Assert.NotNull(exact);
        Assert.False(exact.IsTemplated);
        Assert.Equal("Special item.", await ReadTextAsync(services, exact, "test://catalog/special"));
        Assert.NotNull(templated);
        Assert.True(templated.IsTemplated);
        Assert.Equal("Item 42.", await ReadTextAsync(services, templated, "test://catalog/42"));
    }

    [Fact]
    public void Find_ReturnsTheFirstRegisteredMatchingTemplate_AndNullWhenNothingMatches()
    {
        var first = McpServerResource.Create((string name) => $"first {name}", new() { UriTemplate = "test://any/{name}", Name = "first" });
        var second = McpServerResource.Create((string rest) => $"second {rest}", new() { UriTemplate = "test://{+rest}", Name = "second" });
        using var services = Build(s => s.AddMcpResource(first).AddMcpResource(second));
        var registry = services.GetRequiredService<ResourceRegistry>();

        Assert.Same(first, registry.Find("test://any/thing"));
        Assert.Same(second, registry.Find("test://other/thing"));
        Assert.Null(registry.Find("other://any/thing"));
    }

    [Fact]
    public async Task AddMcpResources_CreatesTheInstanceFromDependencyInjectionPerRead()
    {
        using var services = Build(s => s.AddSingleton(new Greeting("Hello")).AddMcpResources<InstanceResources>());
        var resource = services.GetRequiredService<ResourceRegistry>().Find("test://greeting")!;

        Assert.Equal("Hello from instance 1.", await ReadTextAsync(services, resource, "test://greeting"));
        Assert.Equal("Hello from instance 2.", await ReadTextAsync(services, resource, "test://greeting"));
    }

    [Fact]
    public void DuplicateUri_FailsOnFirstUse_NamingTheUri()
    {
        var one = McpServerResource.Create(() => "one", new() { UriTemplate = "test://same", Name = "one" });
        var two = McpServerResource.Create(() => "two", new() { UriTemplate = "test://same", Name = "two" });
        using var services = Build(s => s.AddMcpResource(one).AddMcpResource(two));
        var registry = services.GetRequiredService<ResourceRegistry>();

        var exception = Assert.Throws<InvalidOperationException>(() => registry.Resources);

        Assert.Contains("'test://same'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateUriTemplate_FailsOnFirstUse_NamingTheTemplate()
    {
        var one = McpServerResource.Create((string id) => id, new() { UriTemplate = "test://t/{id}", Name = "one" });
        var two = McpServerResource.Create((string id) => id, new() { UriTemplate = "test://t/{id}", Name = "two" });
        using var services = Build(s => s.AddMcpResource(one).AddMcpResource(two));
        var registry = services.GetRequiredService<ResourceRegistry>();

        var exception = Assert.Throws<InvalidOperationException>(() => registry.Find("test://t/1"));

        Assert.Contains("'test://t/{id}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_IsBuiltOnFirstUse_NotWhenResolved()
    {
        var builds = 0;
        var registration = new ResourceRegistration(_ =>
        {
            builds++;
            return [McpServerResource.Create(() => "x", new() { UriTemplate = "test://x", Name = "x" })];
        });
        using var services = new ServiceCollection().BuildServiceProvider();
        var registry = new ResourceRegistry([registration], services);

        Assert.True(registry.HasResources);
        Assert.Equal(0, builds);
        Assert.Single(registry.Resources);
        Assert.NotNull(registry.Find("test://x"));
        Assert.Equal(1, builds);
    }

    [Fact]
    public void NoRegistrations_DeclareNoResources()
    {
        using var services = Build(s => s.AddMcpResourceRegistry().AddMcpResourceRegistry());

        var registry = services.GetRequiredService<ResourceRegistry>();

        Assert.False(registry.HasResources);
        Assert.Empty(registry.Resources);
        Assert.Empty(registry.Templates);
        Assert.Null(registry.Find("test://anything"));
    }

    [Fact]
    public void AddMcpResources_RefusesATypeWithoutTheResourceTypeAttribute()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddMcpResources<Greeting>());

        Assert.Contains("[McpServerResourceType]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsTemplate_MatchesTheExactUriTemplateOnly()
    {
        using var services = Build(s => s.AddMcpResources<CatalogResources>());
        var registry = services.GetRequiredService<ResourceRegistry>();

        Assert.True(registry.IsTemplate("test://catalog/{id}"));
        Assert.False(registry.IsTemplate("test://catalog/42"));
        Assert.False(registry.IsTemplate("test://catalog/special"));
    }

    internal static async Task<string> ReadTextAsync(IServiceProvider services, McpServerResource resource, string uri)
    {
        await using var server = new RecordingMcpServer(services);
        var request = new JsonRpcRequest { Id = new RequestId(1), Method = RequestMethods.ResourcesRead };
        var context = new RequestContext<ReadResourceRequestParams>(server, request, new ReadResourceRequestParams { Uri = uri }) { Services = services };
        var result = await resource.ReadAsync(context, CancellationToken.None);
        var contents = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal(uri, contents.Uri);
        return contents.Text;
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider();
    }

    internal sealed record Greeting(string Text);

    [McpServerResourceType]
    internal sealed class CatalogResources
    {
        [McpServerResource(UriTemplate = "test://catalog/z-last", Name = "z-last", MimeType = "text/plain")]
        public static string Last() => "Last.";

        [McpServerResource(UriTemplate = "test://catalog/special", Name = "special", MimeType = "text/plain"), Description("The special item")]
        public static string Special() => "Special item.";

        [McpServerResource(UriTemplate = "test://catalog/{id}", Name = "item", MimeType = "text/plain")]
        public static string Item(string id) => $"Item {id}.";

        [McpServerResource(UriTemplate = "test://catalog/a-first", Name = "a-first", MimeType = "text/plain")]
        public static string First() => "First.";
    }

    [McpServerResourceType]
    internal sealed class InstanceResources(Greeting greeting)
    {
        private static int s_instances;
        private readonly int _instance = Interlocked.Increment(ref s_instances);

        [McpServerResource(UriTemplate = "test://greeting", Name = "greeting", MimeType = "text/plain")]
        public string Read() => $"{greeting.Text} from instance {_instance}.";
    }
}
