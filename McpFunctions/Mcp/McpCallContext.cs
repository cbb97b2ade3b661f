using McpFunctions.Sessions;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>What a method handler knows about the request it serves.</summary>
internal sealed class McpCallContext
{
    public required McpEra Era { get; init; }

    public required string ProtocolVersion { get; init; }

    public required HttpContext HttpContext { get; init; }

    /// <summary>The legacy session; null in the modern era.</summary>
    public SessionRecord? Session { get; init; }

    public Implementation? ClientInfo { get; init; }

    public ClientCapabilities? ClientCapabilities { get; init; }

    /// <summary>The minimum log level the client asked for (legacy: logging/setLevel; modern: <c>_meta</c>); null means no log notifications.</summary>
    public string? LogLevel { get; init; }

    /// <summary>Set when the response can carry notifications (an SSE response).</summary>
    public INotificationSink? Notifications { get; set; }
}
