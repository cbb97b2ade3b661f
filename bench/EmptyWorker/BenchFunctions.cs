using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EmptyWorker;

/// <summary>
/// The routes bench/BareKestrel answers, with the same bytes: POST /mcp and POST / send the body in
/// <c>BENCH_RESPONSE_FILE</c> (a small fixed JSON-RPC result when unset), DELETE /mcp answers 204 and HEAD /
/// answers 200 (readiness).
/// </summary>
public static class BenchFunctions
{
    private static readonly byte[] ResponseBody = LoadResponseBody();
    private static readonly string SessionId = Environment.GetEnvironmentVariable("BENCH_SESSION_ID") ?? "bench-session";

    [Function("Mcp")]
    public static async Task<IActionResult> Mcp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "delete", Route = "mcp")] HttpRequest request)
    {
        if (HttpMethods.IsDelete(request.Method))
        {
            return new StatusCodeResult(StatusCodes.Status204NoContent);
        }

        await AnswerAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("Root")]
    public static async Task<IActionResult> Root(
        [HttpTrigger(AuthorizationLevel.Anonymous, "head", "post", Route = "")] HttpRequest request)
    {
        if (HttpMethods.IsHead(request.Method))
        {
            return new OkResult();
        }

        await AnswerAsync(request.HttpContext);
        return new EmptyResult();
    }

    private static async Task AnswerAsync(HttpContext context)
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
        response.Headers["Mcp-Session-Id"] = SessionId;
        response.Headers["MCP-Protocol-Version"] = "2025-06-18";
        response.ContentLength = ResponseBody.Length;
        await response.Body.WriteAsync(ResponseBody, context.RequestAborted);
    }

    private static byte[] LoadResponseBody() =>
        Environment.GetEnvironmentVariable("BENCH_RESPONSE_FILE") is { Length: > 0 } path
            ? File.ReadAllBytes(path)
            : """{"jsonrpc":"2.0","id":1,"result":{}}"""u8.ToArray();
}
