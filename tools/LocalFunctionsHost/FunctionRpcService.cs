using Grpc.Core;
using LocalFunctionsHost.Rpc;

namespace LocalFunctionsHost;

/// <summary>The gRPC service the worker dials back to (<c>--functions-uri</c>).</summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return channel.RunAsync(requestStream, responseStream, context.CancellationToken);
    }
}
