using System.Globalization;

namespace LocalFunctionsHost;

/// <summary>
/// <c>--app &lt;folder&gt; [--port 7071] [--host 127.0.0.1] [--idle-timeout-seconds 240]</c>. The port and address
/// defaults are Core Tools' (<c>func start</c>); the idle timeout is the real host's forwarder activity timeout.
/// </summary>
internal sealed record HostCommandLine(string AppDirectory, int Port, string Address, TimeSpan IdleTimeout)
{
    public const int DefaultPort = 7071;
    public const string DefaultAddress = "127.0.0.1";

    /// <summary>The real host cuts a forwarded response that has been idle this long (DefaultHttpProxyService).</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(240);

    public const string Usage =
        "usage: LocalFunctionsHost --app <worker output folder> [--port 7071] [--host 127.0.0.1] [--idle-timeout-seconds 240]";

    public static HostCommandLine? TryParse(IReadOnlyList<string> args, out string? error)
    {
        string? app = null;
        var port = DefaultPort;
        var address = DefaultAddress;
        var idle = DefaultIdleTimeout;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                error = Usage;
                return null;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value. {Usage}";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--app":
                    app = value;
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535:
                    port = p;
                    break;
                case "--port":
                    error = $"--port must be a number from 1 to 65535, not '{value}'.";
                    return null;
                case "--host":
                    address = value;
                    break;
                case "--idle-timeout-seconds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0:
                    idle = TimeSpan.FromSeconds(s);
                    break;
                case "--idle-timeout-seconds":
                    error = $"--idle-timeout-seconds must be a positive whole number, not '{value}'.";
                    return null;
                default:
                    error = $"Unknown option '{name}'. {Usage}";
                    return null;
            }
        }

        if (string.IsNullOrWhiteSpace(app))
        {
            error = $"--app is required. {Usage}";
            return null;
        }

        error = null;
        return new HostCommandLine(Path.GetFullPath(app), port, address, idle);
    }
}
