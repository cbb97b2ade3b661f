using System.Text.Json;

namespace McpFunctions.Hosting;

/// <summary>The boundary's answer on routes no area claims: an RFC 9457 problem details body.</summary>
internal static class ProblemDetailsErrorWriter
{
    public static async Task WriteAsync(HttpContext context, BoundaryFault fault)
    {
        var response = context.Response;
        response.ContentType = "application/problem+json";
        if (context.Request.Method == HttpMethods.Head)
        {
            return;
        }

        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("type", "about:blank");
        writer.WriteString("title", Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(fault.StatusCode));
        writer.WriteNumber("status", fault.StatusCode);
        writer.WriteString("detail", fault.Message);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
