using System.Collections.Concurrent;
using McpFunctions.Sessions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Mcp;

/// <summary>
/// The tolerant reader for <c>MCP-Protocol-Version</c> (DESIGN.md §5): whether a disagreeing header is served, and
/// the once-only log line that records it. A disagreement is logged once per session, or once per client name and
/// version pair for sessionless requests — never once per request, because Claude sends the same header on every call.
/// "Once" is per instance: remembering it in storage would cost a write to say something already said.
/// </summary>
internal sealed partial class ProtocolVersionTolerance(IOptions<McpEndpointOptions> options, ILogger<ProtocolVersionTolerance> logger)
{
    /// <summary>Bounds what is remembered; when full it starts over, so at worst a line is logged again.</summary>
    internal const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, byte> _logged = new(StringComparer.Ordinal);

    public bool IsTolerant { get; } = options.Value.ProtocolVersionHeaders == ProtocolVersionHeaderMode.Tolerant;

    /// <summary>A legacy session was served at its negotiated version although the header named another (cases: Claude Code, SparkyFitness#2155).</summary>
    public void SessionHeaderTolerated(string sessionId, string header, string negotiated)
    {
        if (FirstTime($"s\n{sessionId}\n{header}"))
        {
            Log.SessionHeaderTolerated(logger, SessionIds.ForLog(sessionId), header, negotiated);
        }
    }

    /// <summary>A sessionless request was served at its body's <c>_meta</c> version although the header named another (anthropics/claude-code#93290).</summary>
    public void BodyVersionTolerated(string? clientName, string header, string body)
    {
        var client = clientName is { Length: > 0 and <= 100 } ? clientName : "unknown";
        if (FirstTime($"c\n{client}\n{header}\n{body}"))
        {
            Log.BodyVersionTolerated(logger, client, header, body);
        }
    }

    private bool FirstTime(string key)
    {
        if (_logged.Count >= MaxRemembered)
        {
            _logged.Clear();
        }

        return _logged.TryAdd(key, 0);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Session {SessionPrefix}… sent MCP-Protocol-Version {HeaderVersion} on a session negotiated at {NegotiatedVersion}: served at the session's version (Mcp:ProtocolVersionHeaders=Tolerant; logged once per session)")]
        public static partial void SessionHeaderTolerated(ILogger logger, string sessionPrefix, string headerVersion, string negotiatedVersion);

        [LoggerMessage(EventId = 1031, Level = LogLevel.Information, Message = "Client {ClientName} sent MCP-Protocol-Version {HeaderVersion} with body _meta protocolVersion {BodyVersion}: served at the body's version (Mcp:ProtocolVersionHeaders=Tolerant; logged once per client and version pair)")]
        public static partial void BodyVersionTolerated(ILogger logger, string clientName, string headerVersion, string bodyVersion);
    }
}
