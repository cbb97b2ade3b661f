using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace EmptyWorker;

/// <summary>
/// Functions the local Functions host's tests drive to pin what a worker sees through the host: the request
/// as it arrives, route templates of every shape, failures, long idle streams, logs and process exit.
/// </summary>
public static class ProbeFunctions
{
    [Function("Echo")]
    public static async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "echo/{*rest}")] HttpRequest request,
        string? rest)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var headers = request.Headers
            .Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        return new JsonResult(new Dictionary<string, object?>
        {
            ["method"] = request.Method,
            ["scheme"] = request.Scheme,
            ["host"] = request.Host.Value,
            ["path"] = request.Path.Value,
            ["query"] = request.QueryString.Value,
            ["rest"] = rest,
            ["bodyLength"] = body.Length,
            ["headers"] = headers,
            ["greeting"] = Environment.GetEnvironmentVariable("EchoGreeting"),
            ["environment"] = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT"),
            ["websiteHostname"] = Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME"),
            ["workerRuntime"] = Environment.GetEnvironmentVariable("FUNCTIONS_WORKER_RUNTIME"),
        });
    }

    [Function("ExactItem")]
    public static IActionResult ExactItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:int}")] HttpRequest request, int id) =>
        new ContentResult { Content = $"item {id}", ContentType = "text/plain", StatusCode = 200 };

    [Function("WellKnown")]
    public static IActionResult WellKnown(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/probe-metadata/{*rest}")] HttpRequest request) =>
        new ContentResult { Content = """{"probe":"metadata"}""", ContentType = "application/json", StatusCode = 200 };

    [Function("GetOnly")]
    public static IActionResult GetOnly(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "get-only")] HttpRequest request) =>
        new ContentResult { Content = "get only", ContentType = "text/plain", StatusCode = 200 };

    [Function("Fail")]
    public static IActionResult Fail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fail")] HttpRequest request) =>
        throw new InvalidOperationException("probe failure: secret-detail-7f3a");

    [Function("Log")]
    public static IActionResult Log(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "log")] HttpRequest request, FunctionContext context)
    {
        var logger = context.GetLogger("Probe.Log");
        logger.LogWarning("probe log line {Marker}", request.Query["marker"].ToString());
        return new OkResult();
    }

    /// <summary>Writes one chunk, stays silent for <c>?idleMs=</c>, then writes a second chunk.</summary>
    [Function("Stream")]
    public static async Task<IActionResult> Stream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stream")] HttpRequest request)
    {
        var idle = int.TryParse(request.Query["idleMs"], out var ms) ? ms : 0;
        var response = request.HttpContext.Response;
        response.ContentType = "text/plain";
        await response.WriteAsync("first\n", request.HttpContext.RequestAborted);
        await response.Body.FlushAsync(request.HttpContext.RequestAborted);
        try
        {
            await Task.Delay(idle, request.HttpContext.RequestAborted);
            await response.WriteAsync("second\n", request.HttpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The host cut the idle stream; nothing more to write.
        }

        return new EmptyResult();
    }

    /// <summary>Ends the worker process shortly after answering, as a crash would.</summary>
    [Function("Crash")]
    public static IActionResult Crash(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "crash")] HttpRequest request)
    {
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            Environment.Exit(3);
        });
        return new AcceptedResult();
    }

    /// <summary>A timer that also runs once when the host starts (yearly otherwise).</summary>
    [Function("StartupTick")]
    public static void StartupTick([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer, FunctionContext context)
    {
        var logger = context.GetLogger("Probe.StartupTick");
        logger.LogWarning("startup tick fired pastDue={PastDue}", timer.IsPastDue);
    }

    /// <summary>A timer on the schedule in the <c>TickSchedule</c> app setting; logs one line per run.</summary>
    [Function("Tick")]
    public static void Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer, FunctionContext context)
    {
        var logger = context.GetLogger("Probe.Tick");
        logger.LogWarning("tick fired pastDue={PastDue} next={Next}", timer.IsPastDue,
            JsonSerializer.Serialize(timer.ScheduleStatus?.Next));
    }
}
