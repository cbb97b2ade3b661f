using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace McpFunctions.Functions;

/// <summary>
/// Runs the app's ASP.NET Core middleware (<see cref="AppMiddleware"/>, which the composition root fills with CORS and
/// whatever else it registers) around each HTTP function invocation in the worker, with the function as the terminal
/// step. The worker's own ASP.NET Core pipeline is fixed in Http.AspNetCore 2.x; middleware put in front of it that
/// answers by itself (a CORS preflight, a 403) would leave the invocation the host already started waiting until
/// the worker times it out. Inside the invocation, a middleware that answers simply means the function body does
/// not run, and the invocation completes at once.
/// </summary>
internal sealed class AppMiddlewareInFrontOfFunctions : IFunctionsWorkerMiddleware
{
    private static readonly object ContinuationKey = new();

    private readonly Lazy<RequestDelegate> _pipeline;

    public AppMiddlewareInFrontOfFunctions(IServiceProvider services, AppMiddleware appMiddleware)
    {
        _pipeline = new Lazy<RequestDelegate>(() =>
        {
            var app = new ApplicationBuilder(services);
            appMiddleware.Configure(app);
            app.Run(context => ((Func<Task>)context.Items[ContinuationKey]!)());
            return app.Build();
        });
    }

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var httpContext = context.GetHttpContext();
        if (httpContext is null)
        {
            // A timer invocation: no HTTP middleware applies.
            return next(context);
        }

        httpContext.Items[ContinuationKey] = () => next(context);
        return _pipeline.Value(httpContext);
    }
}
