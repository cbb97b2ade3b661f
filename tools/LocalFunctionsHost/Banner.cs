using System.Text;

namespace LocalFunctionsHost;

/// <summary>What the host prints once the worker's functions are loaded: where to call each one.</summary>
internal static class Banner
{
    public const string Notice = "local development host — not for production";

    public static string Render(string baseUrl, AppFolder app, int workerProcessId, FunctionRouter router,
        IReadOnlyList<FunctionDescriptor> functions, Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(functions);
        var text = new StringBuilder();
        text.AppendLine($"LocalFunctionsHost: {Notice}.");
        text.AppendLine($"App: {app.Directory} ({Path.GetFileName(app.WorkerPath)}, worker process {workerProcessId})");
        foreach (var file in app.SettingsFiles)
        {
            text.AppendLine($"Settings: {file}");
        }

        text.AppendLine($"Listening on {baseUrl}");
        text.AppendLine();
        text.AppendLine("Functions:");
        foreach (var (function, path) in router.Routes)
        {
            var methods = function.Methods is { } declared ? string.Join(',', declared.Order(StringComparer.Ordinal)) : "*";
            text.AppendLine($"    {function.Name}: [{methods}] {baseUrl}{path}");
        }

        foreach (var function in functions.Where(f => f.Trigger == FunctionTriggerKind.Timer))
        {
            var schedule = TimerRunner.ResolveSetting(function.Schedule ?? "", setting);
            text.AppendLine($"    {function.Name}: timerTrigger ({schedule}{(function.RunOnStartup ? ", runOnStartup" : "")})"
                + $" — run now: POST {baseUrl}{PublicRequestDispatcher.AdminFunctionsPath}{function.Name}");
        }

        foreach (var function in functions.Where(f => f.Trigger == FunctionTriggerKind.Other))
        {
            text.AppendLine($"    {function.Name}: not served by the local host (HTTP and timer triggers only)");
        }

        return text.ToString().TrimEnd();
    }
}
