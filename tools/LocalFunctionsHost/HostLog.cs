namespace LocalFunctionsHost;

/// <summary>The local host's own log events (event ids 100–199).</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Worker {WorkerId} opened its event stream")]
    public static partial void WorkerConnected(ILogger logger, string workerId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Worker {WorkerVersion} initialized; it serves HTTP at {HttpUri}")]
    public static partial void WorkerInitialized(ILogger logger, string workerVersion, string httpUri);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Ignored worker message {Content}")]
    public static partial void UnhandledMessage(ILogger logger, string content);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Function {Function} invocation {InvocationId} failed")]
    public static partial void InvocationFailed(ILogger logger, string function, string invocationId);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Forwarding {Method} {Path} to the worker failed: {Error}")]
    public static partial void ForwardingFailed(ILogger logger, string method, string path, string error);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Timer function {Function} fired ({Reason})")]
    public static partial void TimerFired(ILogger logger, string function, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Timer function {Function} has a schedule the local host cannot read: {Problem}")]
    public static partial void TimerScheduleInvalid(ILogger logger, string function, string problem);
}
