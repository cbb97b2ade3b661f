namespace McpFunctions.Hosting;

/// <summary>The error boundary's events: one line per request it answers, with its own id.</summary>
internal static partial class ErrorBoundaryLog
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Method} {Path}: request could not be read ({Reason}); answered {Status}")]
    public static partial void BadRequest(ILogger logger, string method, string path, string reason, int status);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Method} {Path}: {Fault}; answered {Status}")]
    public static partial void StatusFault(ILogger logger, string method, string path, string fault, int status);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "{Method} {Path}: unhandled server fault; answered 500")]
    public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "{Method} {Path}: the client went away before the answer")]
    public static partial void ClientAborted(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "{Method} {Path}: server fault after the response started; connection aborted")]
    public static partial void FailedAfterStart(ILogger logger, string method, string path, Exception exception);
}
