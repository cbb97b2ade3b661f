namespace McpFunctions.Storage;

/// <summary>A purge target with a fixed table name, as the OAuth stores register theirs.</summary>
internal sealed record PurgeTableTarget(string TableName, string ExpiresAtProperty) : IPurgeTarget;
