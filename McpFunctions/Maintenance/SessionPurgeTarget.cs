using McpFunctions.Sessions;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.Maintenance;

/// <summary>The legacy-session table (<c>Sessions:TableName</c>, default <c>McpSessions</c>): idle sessions expire.</summary>
internal sealed class SessionPurgeTarget(IOptions<SessionStoreOptions> options) : IPurgeTarget
{
    public string TableName => options.Value.TableName;

    public string ExpiresAtProperty => SessionRows.ExpiresAtProperty;
}
