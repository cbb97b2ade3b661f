// Answers POST /mcp (and POST /) with the fixed body in $BENCH_RESPONSE_FILE after reading the request body,
// DELETE with 204 and HEAD / with 200 (readiness). Logging at Warning, like McpFunctions in the bench.
var responseBody = File.ReadAllBytes(Environment.GetEnvironmentVariable("BENCH_RESPONSE_FILE")
    ?? throw new InvalidOperationException("Set BENCH_RESPONSE_FILE to the response body to send."));
var sessionId = Environment.GetEnvironmentVariable("BENCH_SESSION_ID") ?? "bench-session";

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var app = builder.Build();

app.MapMethods("/", ["HEAD"], () => Results.Ok());
app.MapPost("/mcp", Answer);
app.MapPost("/", Answer);
app.MapDelete("/mcp", () => Results.NoContent());
app.Run();

async Task Answer(HttpContext context)
{
    // Read the request body as McpFunctions must, then send the same response bytes and headers.
    var reader = context.Request.BodyReader;
    while (true)
    {
        var read = await reader.ReadAsync(context.RequestAborted);
        reader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }

    var response = context.Response;
    response.StatusCode = StatusCodes.Status200OK;
    response.ContentType = "application/json";
    response.Headers.CacheControl = "no-store";
    response.Headers["Mcp-Session-Id"] = sessionId;
    response.Headers["MCP-Protocol-Version"] = "2025-06-18";
    response.ContentLength = responseBody.Length;
    await response.BodyWriter.WriteAsync(responseBody, context.RequestAborted);
}
