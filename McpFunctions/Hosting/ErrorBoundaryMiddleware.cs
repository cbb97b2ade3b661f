namespace McpFunctions.Hosting;

/// <summary>
/// The one exception boundary in front of every route. Whatever escapes a handler is answered here: a request
/// Kestrel could not read (bad chunked framing, a body cut short, RFC 9112 §7.1) with its 4xx; an
/// <see cref="IHttpStatusFault"/> with the status it carries; anything else with 500. The body takes the form of
/// the route (see <see cref="IErrorResponseWriter"/>) and never holds exception text or a stack trace, in any
/// environment, so the developer exception page is never reached. The log gets one line with an event id. A client
/// that went away is not an error: nothing is written and nothing above Debug is logged.
/// </summary>
internal sealed class ErrorBoundaryMiddleware(RequestDelegate next, IEnumerable<IErrorResponseWriter> writers, ILogger<ErrorBoundaryMiddleware> logger)
{
    private readonly IErrorResponseWriter[] _writers = [.. writers];

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // Whatever the exception, the client is gone (OperationCanceledException, a reset connection): not a fault.
            ErrorBoundaryLog.ClientAborted(logger, context.Request.Method, PathForLog(context));
        }
        catch (Exception exception)
        {
            await AnswerAsync(context, exception);
        }
    }

    private async Task AnswerAsync(HttpContext context, Exception exception)
    {
        var fault = Classify(context, exception);

        if (context.Response.HasStarted)
        {
            // The status line is gone; a truncated answer must not look complete.
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = fault.StatusCode;
        context.Response.Headers.CacheControl = "no-store";
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds;
        }

        try
        {
            var writer = Array.Find(_writers, w => w.Handles(context));
            await (writer is null ? ProblemDetailsErrorWriter.WriteAsync(context, fault) : writer.WriteAsync(context, fault));
        }
        catch (Exception writeFailure) when (writeFailure is not OutOfMemoryException)
        {
            ErrorBoundaryLog.FailedAfterStart(logger, context.Request.Method, PathForLog(context), writeFailure);
            context.Abort();
        }
    }

    // What the client is told, and the one log line that says why: its own mistake, a fault that carries its status
    // (storage trouble is a 503 with Retry-After), or a bug.
    private BoundaryFault Classify(HttpContext context, Exception exception)
    {
        var method = context.Request.Method;
        var path = PathForLog(context);
        switch (exception)
        {
            case BadHttpRequestException bad:
                ErrorBoundaryLog.BadRequest(logger, method, path, bad.Message, bad.StatusCode);
                return new BoundaryFault(bad.StatusCode, null, "Bad Request: the request could not be read.");
            case IOException when IsKestrelFramingError(exception):
                ErrorBoundaryLog.BadRequest(logger, method, path, exception.Message, StatusCodes.Status400BadRequest);
                return new BoundaryFault(StatusCodes.Status400BadRequest, null, "Bad Request: the request could not be read.");
            case IHttpStatusFault carried:
                ErrorBoundaryLog.StatusFault(logger, method, path, exception.GetType().Name, carried.StatusCode);
                return new BoundaryFault(carried.StatusCode, carried.RetryAfter, carried.StatusCode == StatusCodes.Status503ServiceUnavailable
                    ? "Service temporarily unavailable; retry shortly."
                    : Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(carried.StatusCode) + ".");
            default:
                if (context.Response.HasStarted)
                {
                    ErrorBoundaryLog.FailedAfterStart(logger, method, path, exception);
                }
                else
                {
                    ErrorBoundaryLog.Unhandled(logger, method, path, exception);
                }

                return new BoundaryFault(StatusCodes.Status500InternalServerError, null, "Internal error; the server log has the details.");
        }
    }

    /// <summary>
    /// Kestrel reports most framing errors as <see cref="BadHttpRequestException"/>, but a chunk size that overflows
    /// surfaces as a plain <see cref="IOException"/> thrown by Kestrel's body reader; either way the client sent
    /// bytes that are not HTTP/1.1 (RFC 9112 §7.1), not a server fault.
    /// </summary>
    private static bool IsKestrelFramingError(Exception exception) =>
        exception.Source is "Microsoft.AspNetCore.Server.Kestrel.Core" || exception.InnerException is BadHttpRequestException;

    /// <summary>The path only: a query string may carry codes or state.</summary>
    private static string PathForLog(HttpContext context) => context.Request.Path.HasValue ? context.Request.Path.Value! : "/";
}
