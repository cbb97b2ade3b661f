using System.Globalization;
using LocalFunctionsHost.Rpc;

namespace LocalFunctionsHost;

/// <summary>
/// Everything the host prints for a developer: the banner, the worker's logs (one line per entry, with its level
/// and category) and the worker's own console output. One lock, so lines never interleave.
/// </summary>
internal sealed class ConsoleOutput(TimeProvider time, LogLevel minimumLevel)
{
    private readonly Lock _gate = new();

    public void Line(string text)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(text);
            Console.Out.Flush();
        }
    }

    public void ErrorLine(string text)
    {
        lock (_gate)
        {
            Console.Error.WriteLine(text);
            Console.Error.Flush();
        }
    }

    /// <summary>A worker log entry (RpcLog) at or above host.json's <c>logging.logLevel.default</c>.</summary>
    public void WorkerLog(RpcLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var level = (LogLevel)(int)log.Level;
        if (level == LogLevel.None || level < minimumLevel)
        {
            return;
        }

        var message = log.Message;
        if (log.Exception is { } exception && !string.IsNullOrEmpty(exception.Message))
        {
            // The console is the developer's; exception text goes here, never to an HTTP client.
            message += $" [{exception.Source}: {exception.Message}]";
        }

        Line(string.Create(CultureInfo.InvariantCulture,
            $"[{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ}] {level} {log.Category}: {OneLine(message)}"));
    }

    private static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.ReplaceLineEndings(" | ")
            : text;
}
