using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpFunctions.Hosting;

/// <summary>Registers and installs <see cref="ErrorBoundaryMiddleware"/>.</summary>
internal static class ErrorBoundaryExtensions
{
    /// <summary>Idempotent; areas add their <see cref="IErrorResponseWriter"/> with <c>TryAddEnumerable</c>.</summary>
    public static IServiceCollection AddErrorBoundary(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ErrorBoundaryMarker>();
        return services;
    }

    /// <summary>
    /// Puts the boundary in front of everything after it. Call it first in the pipeline (or from an
    /// <c>IStartupFilter</c>), so no route's exception can reach the developer exception page.
    /// </summary>
    public static IApplicationBuilder UseErrorBoundary(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<ErrorBoundaryMarker>() is null)
        {
            throw new InvalidOperationException("UseErrorBoundary needs its services: call services.AddErrorBoundary() (AddMcpFunctions does) before building the app.");
        }

        return app.UseMiddleware<ErrorBoundaryMiddleware>();
    }
}
