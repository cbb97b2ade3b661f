using McpFunctions.Storage;

namespace McpFunctions.Sessions;

/// <summary>
/// Says at start-up which session store this process uses. An operator who scaled out with the
/// in-memory store must be able to see why sessions get lost between instances.
/// </summary>
internal sealed class SessionStoreStartupLog(ISessionStore store, ILogger<SessionStoreStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        switch (store)
        {
            case SessionStore { Records: InMemoryExpiringRecordSet<SessionRecord> }:
                SessionStoreLog.UsingInMemoryStore(logger);
                break;
            case SessionStore { Records: TableExpiringRecordSet<SessionRecord> table }:
                SessionStoreLog.UsingTableStore(logger, table.TableName, table.Connection.TableServiceUri, table.Connection.Authentication, table.Connection.ConnectionName);
                break;
            default:
                SessionStoreLog.UsingOtherStore(logger, store.GetType().Name);
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
