using LocalFunctionsHost.Rpc;
using Yarp.ReverseProxy.Forwarder;

namespace LocalFunctionsHost;

/// <summary>
/// YARP's default transformation plus the invocation id header; and, when the worker answers with an empty body
/// because the function threw before writing anything (the worker then sends an empty 200), a 500 with a generic
/// body instead, never the exception's text.
/// </summary>
internal sealed class InvocationTransformer(string invocationId, Task<InvocationResponse> invocation, TimeSpan verdictWait)
    : HttpTransformer
{
    public bool ReplacedWithGenericError { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.TryAddWithoutValidation(HttpFunctionForwarder.InvocationIdHeader, invocationId);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        if (proxyResponse is { Content.Headers.ContentLength: 0 })
        {
            try
            {
                var verdict = await invocation.WaitAsync(verdictWait, cancellationToken);
                if (verdict.Result?.Status == StatusResult.Types.Status.Failure)
                {
                    ReplacedWithGenericError = true;
                    return false;
                }
            }
            catch (TimeoutException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }
}
