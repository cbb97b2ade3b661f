using Azure.Core;

namespace McpFunctions.Storage;

/// <summary>
/// Azure.Core client options for the Table client: retries (default: 3 exponential retries of
/// 408/429/5xx and network errors), network timeout, transport and diagnostics all come from
/// <see cref="ClientOptions"/>, so they behave like every other Azure SDK client.
/// </summary>
internal sealed class TableClientOptions : ClientOptions
{
}
