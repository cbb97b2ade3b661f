using System.Net;
using System.Text.Json;
using LocalFunctionsHost.Rpc;

namespace LocalFunctionsHost;

/// <summary>
/// Every request on the public port: the admin call that fires a function now, else the HTTP function its route
/// and method select, else 404 with an empty body as the real host answers.
/// </summary>
internal sealed class PublicRequestDispatcher(
    WorkerChannel channel,
    HttpFunctionForwarder forwarder,
    TimerRunner timers,
    Func<string, string?> setting)
{
    /// <summary>The real host's admin API for running a non-HTTP function now (it needs the master key there).</summary>
    public const string AdminFunctionsPath = "/admin/functions/";

    /// <summary>The real host rejects request URLs longer than 4 KB (Functions service limits, "HTTP trigger").</summary>
    public const int MaxUrlLength = 4096;

    /// <summary>The real host's request body limit (Functions service limits: 100 MB); Kestrel enforces it too.</summary>
    public const long MaxRequestBodySize = 104_857_600;

    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(60);

    private FunctionRouter? _router;
    private IReadOnlyList<FunctionDescriptor> _functions = [];

    public void Activate(FunctionRouter router, IReadOnlyList<FunctionDescriptor> functions)
    {
        _functions = functions;
        _router = router;
    }

    public async Task DispatchAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > MaxUrlLength)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            return;
        }

        // A declared length over the limit is refused before anything reaches the worker.
        if (request.ContentLength > MaxRequestBodySize)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            return;
        }

        var router = _router;
        if (router is null)
        {
            try
            {
                await channel.Ready.WaitAsync(StartupWait, context.RequestAborted);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or AppFolderException)
            {
            }

            router = _router;
            if (router is null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return;
            }
        }

        if (request.Path.StartsWithSegments(AdminFunctionsPath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase, out var rest)
            && HttpMethods.IsPost(request.Method))
        {
            await FireAsync(context, rest.Value?.Trim('/') ?? "");
            return;
        }

        var function = router.Match(context, out var routeValues);
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await forwarder.ServeAsync(context, function, routeValues);
    }

    private async Task FireAsync(HttpContext context, string name)
    {
        // Loopback only: the real host asks for the master key; a local tool simply refuses other callers.
        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var function = _functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (function.Trigger != FunctionTriggerKind.Timer)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                $"'{function.Name}' is not a timer function; call its URL instead.", context.RequestAborted);
            return;
        }

        var schedule = TimerSchedule.TryParse(TimerRunner.ResolveSetting(function.Schedule ?? "", setting), out var parsed, out _)
            ? parsed
            : null;
        // Accepted, then run in the background like the real host's admin invoke.
        _ = timers.FireAsync(function, schedule, pastDue: false).ContinueWith(static _ => { }, TaskScheduler.Default);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["function"] = function.Name }),
            context.RequestAborted);
    }
}
