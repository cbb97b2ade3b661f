using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.TestSupport;

/// <summary>A logger provider that keeps every formatted line, so tests can read the operator's story.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public string AllText => string.Join('\n', _lines.Select(l => l.Message + (l.Exception is null ? string.Empty : " " + l.Exception)));

    public bool Contains(string text) => _lines.Any(l => l.Message.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    internal sealed record LogLine(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
