namespace McpFunctions.Hosting;

/// <summary>
/// The one seam through which a lower layer tells the error boundary what an exception means to a client,
/// without naming any route or protocol: an exception implementing this interface is answered with
/// <see cref="StatusCode"/> (e.g. 503 when storage is unavailable) and, when set, <c>Retry-After</c>, in the form
/// of the route it reached (a JSON-RPC error on MCP routes, <c>temporarily_unavailable</c> on OAuth routes,
/// problem details elsewhere). Its message is never shown to the client.
/// </summary>
internal interface IHttpStatusFault
{
    /// <summary>The HTTP status to answer, 4xx or 5xx.</summary>
    int StatusCode { get; }

    /// <summary>Sent as <c>Retry-After</c> in whole seconds (RFC 9110 §10.2.3) when set.</summary>
    TimeSpan? RetryAfter { get; }
}
