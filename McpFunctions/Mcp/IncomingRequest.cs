using McpFunctions.JsonRpc;

namespace McpFunctions.Mcp;

/// <summary>A POST that passed the transport's intake checks: its parsed body and raw version header.</summary>
internal sealed record IncomingRequest(HttpContext Context, ParsedBody Body, string? ProtocolVersionHeader)
{
    public ModelContextProtocol.Protocol.RequestId? FirstId => Body is { IsBatch: false, Messages: [var only] } ? only.Id : null;

    public IncomingMessage? Single => Body is { IsBatch: false, Messages: [var only] } ? only : null;
}
