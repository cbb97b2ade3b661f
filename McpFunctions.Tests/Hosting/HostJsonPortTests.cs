using McpFunctions.Hosting;

namespace McpFunctions.Tests.Hosting;

/// <summary>The mcp-custom-handler profile forwards to host.json's port; the app reads it when the host sets no variable.</summary>
public sealed class HostJsonPortTests
{
    [Fact]
    public void HostJsonPort_ReadsTheRepositorysHostJson()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "host.json");

        Assert.Equal("8080", FunctionsCustomHandlerExtensions.HostJsonPort(path));
    }

    [Theory]
    [InlineData("""{"customHandler":{"port":9090}}""", "9090")]
    [InlineData("""{"customHandler":{"port":"7000"}}""", "7000")]
    [InlineData("""{"customHandler":{}}""", null)]
    [InlineData("""{"version":"2.0"}""", null)]
    public void HostJsonPort_AcceptsNumberOrString(string json, string? expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json);

            Assert.Equal(expected, FunctionsCustomHandlerExtensions.HostJsonPort(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HostJsonPort_IsNull_WhenThereIsNoHostJson()
    {
        Assert.Null(FunctionsCustomHandlerExtensions.HostJsonPort(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "host.json")));
    }
}
