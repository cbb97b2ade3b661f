using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using LocalFunctionsHost.Rpc;

namespace LocalFunctionsHost;

/// <summary>
/// The one event stream with the worker. Host side of the start-up conversation (StartStream →
/// WorkerInitRequest → FunctionsMetadataRequest → FunctionLoadRequest per function), then invocations.
/// Writes go through one queue because a gRPC stream allows one writer at a time.
/// </summary>
internal sealed class WorkerChannel(AppFolder app, ConsoleOutput console, ILogger<WorkerChannel> logger)
{
    /// <summary>The worker's ASP.NET Core integration announces where it listens under this capability.</summary>
    public const string HttpUriCapability = "HttpUri";

    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(
        new UnboundedChannelOptions { SingleReader = true });

    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly Dictionary<string, FunctionDescriptor> _loading = [];
    private readonly TaskCompletionSource<IReadOnlyList<FunctionDescriptor>> _ready =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _connected;

    /// <summary>Completes with the loaded functions once every function load succeeded; faults when start-up fails.</summary>
    public Task<IReadOnlyList<FunctionDescriptor>> Ready => _ready.Task;

    public Uri? HttpUri { get; private set; }

    public string HostVersion { get; } = "4.0.0-local";

    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses,
        CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _connected, 1) == 1)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.AlreadyExists, "The local host runs one worker."));
        }

        var writer = PumpAsync(responses, cancellationToken);
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                Handle(requests.Current);
            }
        }
        finally
        {
            _outbound.Writer.TryComplete();
            _ready.TrySetException(new InvalidOperationException("The worker closed its event stream before its functions loaded."));
            foreach (var pending in _invocations.Values)
            {
                pending.TrySetException(new InvalidOperationException("The worker closed its event stream."));
            }

            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task<InvocationResponse> InvokeAsync(FunctionDescriptor function, string invocationId,
        IEnumerable<ParameterBinding> inputs, IDictionary<string, TypedData>? triggerMetadata)
    {
        ArgumentNullException.ThrowIfNull(function);
        var completion = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[invocationId] = completion;
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            // The worker fails every invocation that carries no trace context (learned from the prototype);
            // a fresh W3C traceparent per invocation is what the host sends without an incoming one.
            TraceContext = new RpcTraceContext { TraceParent = NewTraceParent(), TraceState = "" },
        };
        request.InputData.Add(inputs);
        if (triggerMetadata is not null)
        {
            request.TriggerMetadata.Add(triggerMetadata);
        }

        if (!_outbound.Writer.TryWrite(new StreamingMessage { InvocationRequest = request }))
        {
            _invocations.TryRemove(invocationId, out _);
            completion.TrySetException(new InvalidOperationException("The worker's event stream is closed."));
        }

        return completion.Task;
    }

    /// <summary>Forget an invocation the caller no longer waits for (request aborted).</summary>
    public void Abandon(string invocationId) => _invocations.TryRemove(invocationId, out _);

    private async Task PumpAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
        {
            await responses.WriteAsync(message, cancellationToken);
        }
    }

    private void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    private void Handle(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.RpcLog:
                console.WorkerLog(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.StartStream:
                HostLog.WorkerConnected(logger, message.StartStream.WorkerId);
                var init = new WorkerInitRequest
                {
                    HostVersion = HostVersion,
                    FunctionAppDirectory = app.Directory,
                    WorkerDirectory = app.Directory,
                };
                Send(new StreamingMessage { RequestId = message.RequestId, WorkerInitRequest = init });
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                OnInitialized(message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                OnMetadata(message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                OnLoaded(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryRemove(message.InvocationResponse.InvocationId, out var pending))
                {
                    pending.TrySetResult(message.InvocationResponse);
                }

                break;
            default:
                HostLog.UnhandledMessage(logger, message.ContentCase.ToString());
                break;
        }
    }

    private void OnInitialized(StreamingMessage message)
    {
        var response = message.WorkerInitResponse;
        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            _ready.TrySetException(new InvalidOperationException(
                $"The worker failed to initialize: {response.Result?.Exception?.Message ?? response.Result?.Result ?? "no reason given"}"));
            return;
        }

        if (response.Capabilities.TryGetValue(HttpUriCapability, out var uri) && Uri.TryCreate(uri, UriKind.Absolute, out var httpUri))
        {
            HttpUri = httpUri;
        }

        HostLog.WorkerInitialized(logger, response.WorkerVersion, HttpUri?.ToString() ?? "(none)");
        Send(new StreamingMessage
        {
            RequestId = message.RequestId,
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = app.Directory },
        });
    }

    private void OnMetadata(StreamingMessage message)
    {
        var response = message.FunctionMetadataResponse;
        if (response.Result is { Status: not StatusResult.Types.Status.Success } failed)
        {
            _ready.TrySetException(new InvalidOperationException(
                $"The worker could not list its functions: {failed.Exception?.Message ?? failed.Result}"));
            return;
        }

        IReadOnlyList<RpcFunctionMetadata> metadata;
        try
        {
            // A worker that leaves indexing to the host points it at functions.metadata in the app folder.
            metadata = response.UseDefaultMetadataIndexing
                ? FunctionMetadataReader.ReadFunctionsMetadataFile(app.Directory)
                : response.FunctionMetadataResults;
        }
        catch (AppFolderException ex)
        {
            _ready.TrySetException(ex);
            return;
        }

        if (metadata.Count == 0)
        {
            _ready.TrySetResult([]);
            return;
        }

        foreach (var function in metadata)
        {
            var descriptor = FunctionMetadataReader.Describe(function, app.Directory);
            lock (_loading)
            {
                _loading[descriptor.FunctionId] = descriptor;
            }
        }

        List<FunctionDescriptor> snapshot;
        lock (_loading)
        {
            snapshot = [.. _loading.Values];
        }

        foreach (var descriptor in snapshot)
        {
            Send(new StreamingMessage
            {
                RequestId = message.RequestId,
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = descriptor.FunctionId, Metadata = descriptor.Metadata },
            });
        }
    }

    private readonly List<FunctionDescriptor> _loaded = [];

    private void OnLoaded(FunctionLoadResponse response)
    {
        lock (_loading)
        {
            if (!_loading.Remove(response.FunctionId, out var descriptor))
            {
                return;
            }

            if (response.Result?.Status != StatusResult.Types.Status.Success)
            {
                _ready.TrySetException(new InvalidOperationException(
                    $"The worker could not load function '{descriptor.Name}': {response.Result?.Exception?.Message ?? response.Result?.Result}"));
                return;
            }

            _loaded.Add(descriptor);
            if (_loading.Count == 0)
            {
                _ready.TrySetResult([.. _loaded.OrderBy(f => f.Name, StringComparer.Ordinal)]);
            }
        }
    }

    private static string NewTraceParent()
    {
        Span<byte> traceId = stackalloc byte[16];
        Span<byte> spanId = stackalloc byte[8];
        System.Security.Cryptography.RandomNumberGenerator.Fill(traceId);
        System.Security.Cryptography.RandomNumberGenerator.Fill(spanId);
        return $"00-{Convert.ToHexStringLower(traceId)}-{Convert.ToHexStringLower(spanId)}-00";
    }
}
