using System.Globalization;
using System.Text.Json;
using LocalFunctionsHost.Rpc;

namespace LocalFunctionsHost;

/// <summary>
/// Runs timer-triggered functions on their schedules (and once at start when <c>runOnStartup</c> is set), and on
/// demand for the admin endpoint. Each run is an InvocationRequest whose trigger input is TimerInfo JSON.
/// </summary>
internal sealed class TimerRunner(WorkerChannel channel, TimeProvider time, ILogger<TimerRunner> logger)
{
    private readonly Dictionary<string, DateTimeOffset> _last = [];

    public IReadOnlyList<Task> Start(IEnumerable<FunctionDescriptor> functions, Func<string, string?> setting,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var loops = new List<Task>();
        foreach (var function in functions.Where(f => f.Trigger == FunctionTriggerKind.Timer))
        {
            var text = ResolveSetting(function.Schedule ?? "", setting);
            if (!TimerSchedule.TryParse(text, out var schedule, out var problem))
            {
                HostLog.TimerScheduleInvalid(logger, function.Name, problem ?? text);
                continue;
            }

            loops.Add(RunAsync(function, schedule!, cancellationToken));
        }

        return loops;
    }

    /// <summary>
    /// A timer's schedule may name an app setting as <c>%Name%</c>, resolved from the app settings like the host's
    /// binding expressions.
    /// </summary>
    public static string ResolveSetting(string schedule, Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(setting);
        return schedule.Length > 2 && schedule[0] == '%' && schedule[^1] == '%'
            ? setting(schedule[1..^1]) ?? schedule
            : schedule;
    }

    public Task<InvocationResponse> FireAsync(FunctionDescriptor function, TimerSchedule? schedule, bool pastDue)
    {
        ArgumentNullException.ThrowIfNull(function);
        var now = time.GetUtcNow();
        DateTimeOffset last;
        lock (_last)
        {
            last = _last.TryGetValue(function.Name, out var value) ? value : DateTimeOffset.MinValue;
            _last[function.Name] = now;
        }

        var next = schedule?.Next(now);
        var timerInfo = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Schedule"] = new Dictionary<string, object?> { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new Dictionary<string, object?>
            {
                ["Last"] = Iso(last == DateTimeOffset.MinValue ? now : last),
                ["Next"] = next is { } n ? Iso(n) : null,
                ["LastUpdated"] = Iso(now),
            },
            ["IsPastDue"] = pastDue,
        });
        var invocationId = Guid.NewGuid().ToString();
        return channel.InvokeAsync(function, invocationId,
            [new ParameterBinding { Name = function.TriggerBindingName, Data = new TypedData { Json = timerInfo } }], null);
    }

    private async Task RunAsync(FunctionDescriptor function, TimerSchedule schedule, CancellationToken cancellationToken)
    {
        try
        {
            if (function.RunOnStartup)
            {
                await RunOnceAsync(function, schedule, "run on startup");
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                if (schedule.Next(now) is not { } next)
                {
                    return;
                }

                await Task.Delay(next - now, time, cancellationToken);
                await RunOnceAsync(function, schedule, "schedule " + schedule.Text);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(FunctionDescriptor function, TimerSchedule schedule, string reason)
    {
        HostLog.TimerFired(logger, function.Name, reason);
        try
        {
            var response = await FireAsync(function, schedule, pastDue: false);
            if (response.Result?.Status == StatusResult.Types.Status.Failure)
            {
                HostLog.InvocationFailed(logger, function.Name, response.InvocationId);
            }
        }
        catch (InvalidOperationException)
        {
            // The worker went away; the process watcher reports it.
        }
    }

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-ddTHH:mm:ss.fffffffK", CultureInfo.InvariantCulture);
}
