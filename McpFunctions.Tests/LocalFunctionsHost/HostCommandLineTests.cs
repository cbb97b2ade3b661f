using HostCommandLine = LocalFunctionsHost.HostCommandLine;

namespace McpFunctions.Tests.LocalFunctionsHost;

/// <summary>The command-line contract the README and the end-to-end tests rely on.</summary>
public sealed class HostCommandLineTests
{
    [Fact]
    public void Defaults_AreFuncStarts_AndTheRealHostsIdleTimeout()
    {
        var parsed = HostCommandLine.TryParse(["--app", "out"], out var error);

        Assert.Null(error);
        Assert.Equal(Path.GetFullPath("out"), parsed!.AppDirectory);
        Assert.Equal(7071, parsed.Port);
        Assert.Equal("127.0.0.1", parsed.Address);
        Assert.Equal(TimeSpan.FromSeconds(240), parsed.IdleTimeout);
    }

    [Fact]
    public void EveryOption_IsRead()
    {
        var parsed = HostCommandLine.TryParse(["--port", "8080", "--host", "0.0.0.0", "--idle-timeout-seconds", "3", "--app", "/x"], out _);

        Assert.Equal(("/x", 8080, "0.0.0.0", TimeSpan.FromSeconds(3)), (parsed!.AppDirectory, parsed.Port, parsed.Address, parsed.IdleTimeout));
    }

    [Theory]
    [InlineData(new string[0], "--app is required")]
    [InlineData(new[] { "--app" }, "--app needs a value")]
    [InlineData(new[] { "--app", "x", "--port", "0" }, "--port must be a number from 1 to 65535")]
    [InlineData(new[] { "--app", "x", "--port", "70000" }, "--port must be a number from 1 to 65535")]
    [InlineData(new[] { "--app", "x", "--port", "-1" }, "--port must be a number from 1 to 65535")]
    [InlineData(new[] { "--app", "x", "--idle-timeout-seconds", "0" }, "--idle-timeout-seconds must be a positive")]
    [InlineData(new[] { "--app", "x", "--verbose", "1" }, "Unknown option '--verbose'")]
    public void BadArguments_AreOneClearMessage(string[] args, string expected)
    {
        Assert.Null(HostCommandLine.TryParse(args, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
