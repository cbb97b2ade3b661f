using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Logging.ApplicationInsights;

namespace McpFunctions.Functions;

internal static class FunctionsWorkerExtensions
{
    public const string ApplicationInsightsConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// What only the worker needs: the app's middleware around every HTTP invocation, and Application Insights from
    /// the worker itself when a connection string is set (Worker.ApplicationInsights: the worker's logs and
    /// dependencies go straight to Application Insights, the host's requests and invocations stay the host's).
    /// The composition root passes <paramref name="appMiddleware"/>, its one list of app middleware, so this folder
    /// never names the root.
    /// </summary>
    public static FunctionsApplicationBuilder UseMcpFunctionsWorker(this FunctionsApplicationBuilder builder, Action<IApplicationBuilder> appMiddleware)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(appMiddleware);
        builder.Services.AddSingleton(new AppMiddleware(appMiddleware));
        builder.UseMiddleware<AppMiddlewareInFrontOfFunctions>();

        if (!string.IsNullOrEmpty(builder.Configuration[ApplicationInsightsConnectionStringVariable]))
        {
            builder.Services.AddApplicationInsightsTelemetryWorkerService();
            builder.Services.ConfigureFunctionsApplicationInsights();

            // The Application Insights logger provider adds a rule that keeps only Warning and above; without removing
            // it the product's Information story (session created, token validated, N tools) never reaches it.
            builder.Services.Configure<LoggerFilterOptions>(options =>
            {
                var rule = options.Rules.FirstOrDefault(r => r.ProviderName == typeof(ApplicationInsightsLoggerProvider).FullName);
                if (rule is not null)
                {
                    options.Rules.Remove(rule);
                }
            });
        }

        return builder;
    }
}
