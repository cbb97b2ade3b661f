namespace McpFunctions.JsonRpc;

/// <summary>A POST body after parsing: one message or a batch, or a body-level error (-32700 / -32600).</summary>
internal sealed record ParsedBody(IReadOnlyList<IncomingMessage> Messages, bool IsBatch, RpcError? Error)
{
    public static ParsedBody Failed(RpcError error) => new([], false, error);

    public bool HasRequests => Messages.Any(m => m.Kind is IncomingMessageKind.Request or IncomingMessageKind.Invalid);
}
