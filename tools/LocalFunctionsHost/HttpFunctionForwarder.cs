using LocalFunctionsHost.Rpc;
using Microsoft.AspNetCore.Http.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace LocalFunctionsHost;

/// <summary>
/// Serves one HTTP request the way the real host proxies to a worker with ASP.NET Core integration: an
/// InvocationRequest on the event stream and, at the same time, the raw request forwarded to the worker's
/// <c>HttpUri</c> with <c>x-ms-invocation-id</c> (azure-functions-host DefaultHttpProxyService: YARP's default
/// transformer, so the worker sees the host's headers except Host, and a 240 s activity timeout).
/// </summary>
internal sealed class HttpFunctionForwarder(
    WorkerChannel channel,
    IHttpForwarder forwarder,
    HostCommandLine options,
    TimeProvider time,
    ILogger<HttpFunctionForwarder> logger) : IDisposable
{
    /// <summary>The header the worker pairs a forwarded request with its invocation by.</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    /// <summary>What a client sees when the function failed before writing a response (no exception text).</summary>
    public const string GenericErrorBody = "An error occurred while processing the request.";

    /// <summary>How long to wait for a failed invocation's verdict once the worker answered an empty 500.</summary>
    private static readonly TimeSpan VerdictWait = TimeSpan.FromSeconds(5);

    private readonly HttpMessageInvoker _client = new(new WorkerConnectRetryHandler(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    }, time));

    private readonly ForwarderRequestConfig _config = new() { ActivityTimeout = options.IdleTimeout };

    public async Task ServeAsync(HttpContext context, FunctionDescriptor function, RouteValueDictionary routeValues)
    {
        ArgumentNullException.ThrowIfNull(routeValues);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(function);
        var httpUri = channel.HttpUri;
        if (httpUri is null)
        {
            await WriteGenericErrorAsync(context);
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        var request = context.Request;
        var http = new RpcHttp { Method = request.Method, Url = request.GetEncodedUrl() };
        foreach (var header in request.Headers)
        {
            http.Headers[header.Key.ToLowerInvariant()] = header.Value.ToString();
        }

        foreach (var query in request.Query)
        {
            http.Query[query.Key] = query.Value.ToString();
        }

        // Route values travel as the trigger's binding data (and RpcHttp.params), which is where the worker
        // binds function parameters such as {id:int} or {*rest} from.
        var triggerMetadata = new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in routeValues)
        {
            if (value?.ToString() is { } text)
            {
                http.Params[name] = text;
                triggerMetadata[name] = new TypedData { String = text };
            }
        }

        var invocation = channel.InvokeAsync(function, invocationId,
            [new ParameterBinding { Name = function.TriggerBindingName, Data = new TypedData { Http = http } }], triggerMetadata);

        var transformer = new InvocationTransformer(invocationId, invocation, VerdictWait);
        var error = await forwarder.SendAsync(context, httpUri.ToString(), _client, _config, transformer);
        if (error != ForwarderError.None)
        {
            HostLog.ForwardingFailed(logger, request.Method, request.Path, error.ToString());
            if (!context.Response.HasStarted && error is not ForwarderError.RequestCanceled and not ForwarderError.RequestBodyCanceled)
            {
                await WriteGenericErrorAsync(context);
            }
        }

        if (transformer.ReplacedWithGenericError)
        {
            await WriteGenericErrorAsync(context);
        }

        if (context.RequestAborted.IsCancellationRequested && !invocation.IsCompleted)
        {
            channel.Abandon(invocationId);
            return;
        }

        try
        {
            var response = await invocation.WaitAsync(VerdictWait);
            if (response.Result?.Status == StatusResult.Types.Status.Failure)
            {
                HostLog.InvocationFailed(logger, function.Name, invocationId);
            }
        }
        catch (TimeoutException)
        {
            channel.Abandon(invocationId);
        }
        catch (InvalidOperationException)
        {
            // The worker went away; the process watcher reports it.
        }
    }

    public static async Task WriteGenericErrorAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(GenericErrorBody, context.RequestAborted);
    }

    public void Dispose() => _client.Dispose();
}
