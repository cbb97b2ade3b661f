namespace McpFunctions.Hosting;

/// <summary>
/// Renders a <see cref="BoundaryFault"/> in the form a route's clients understand. Each area registers one for
/// its own routes; the first that <see cref="Handles"/> the request writes, otherwise problem details (RFC 9457).
/// Decided by path rather than endpoint metadata so it works the same behind the Functions worker.
/// </summary>
internal interface IErrorResponseWriter
{
    bool Handles(HttpContext context);

    Task WriteAsync(HttpContext context, BoundaryFault fault);
}
