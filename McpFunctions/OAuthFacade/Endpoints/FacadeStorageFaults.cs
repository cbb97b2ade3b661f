using McpFunctions.Storage;
using Microsoft.Net.Http.Headers;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// Runs a façade endpoint and turns storage trouble into the OAuth answer for it: <c>temporarily_unavailable</c>
/// (RFC 6749 §4.1.2.1, §5.2) with 503 and <c>Retry-After</c> — a JSON body on the back channel, a page in the
/// browser (the redirect URI may not be validated yet: its client could not be read). A client that went away is
/// not an error. Every other failure is left to the host's error handling.
/// </summary>
internal static partial class FacadeStorageFaults
{
    private const string Description = "The authorization server cannot reach its storage right now. Try again in a moment.";

    public static async Task RunAsync(HttpContext context, RequestDelegate endpoint)
    {
        try
        {
            await endpoint(context);
        }
        catch (StorageUnavailableException exception) when (!context.Response.HasStarted)
        {
            Log.StorageUnavailable(Logger(context), context.Request.Path.Value ?? string.Empty, exception.Operation, exception.TableName);
            var response = context.Response;
            response.Clear();
            response.Headers[HeaderNames.RetryAfter] = exception.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var error = OAuthError.TemporarilyUnavailable(Description);
            if (IsFrontChannel(context.Request.Path))
            {
                await OAuthErrorWriter.WriteErrorPageAsync(context, error);
            }
            else
            {
                await OAuthErrorWriter.WriteJsonAsync(context, error);
            }
        }
        catch (Exception exception) when (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // The client went away: nobody is left to answer, and it is not a server fault.
        }
    }

    // The endpoints a browser is sent to; the others are called by an OAuth client's back channel.
    private static bool IsFrontChannel(PathString path) =>
        path.Equals(OAuthConstants.Paths.Authorize, StringComparison.OrdinalIgnoreCase)
        || path.Equals(OAuthConstants.Paths.Consent, StringComparison.OrdinalIgnoreCase)
        || path.Equals(OAuthConstants.Paths.Callback, StringComparison.OrdinalIgnoreCase)
        || path.Equals(OAuthConstants.Paths.DevelopmentSignIn, StringComparison.OrdinalIgnoreCase);

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FacadeStorageFaults).FullName!);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5070, Level = LogLevel.Information, Message = "Answered {Path} with 503 temporarily_unavailable: table storage is unavailable ({Operation} on {TableName})")]
        public static partial void StorageUnavailable(ILogger logger, string path, string operation, string tableName);
    }
}
