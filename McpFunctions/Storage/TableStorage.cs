using System.Collections.Concurrent;
using System.Net.Sockets;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace McpFunctions.Storage;

/// <summary>
/// The account-level adapter over Azure.Data.Tables: one <see cref="TableServiceClient"/> (one pipeline, retries,
/// authentication) for the process, <see cref="StorageTable"/>s for the stores, and what the library does not do —
/// tables created on first use and again after deletion, every operation bounded by
/// <see cref="TableStorageOptions.OperationBudget"/>, and storage trouble reported as one
/// <see cref="StorageUnavailableException"/> (with one warning per outage, <see cref="StorageAvailability"/>).
/// Register it once per process; it is thread-safe.
/// </summary>
internal sealed class TableStorage
{
    // One creation task per table name, so concurrent first callers share a single Create Table request.
    private readonly ConcurrentDictionary<string, Lazy<Task>> _ensuredTables = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StorageTable> _tables = new(StringComparer.Ordinal);
    private readonly TableServiceClient _service;
    private readonly TableStorageOptions _options;

    public TableStorage(
        TableStorageConnection connection,
        TimeProvider timeProvider,
        ILogger<TableStorage> logger,
        TableStorageOptions? options = null,
        Action<TableClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        Connection = connection;
        Logger = logger;
        _options = options ?? new TableStorageOptions();
        Availability = new StorageAvailability(timeProvider, logger);

        var clientOptions = new TableClientOptions();
        // Azure.Core's defaults (3 retries, 100 s network timeout, up to 60 s between retries) let one request wait
        // minutes on a stalled account; these keep every attempt, and all of them together, inside the budget.
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = _options.MaxRetries;
        clientOptions.Retry.Delay = _options.RetryDelay;
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.NetworkTimeout = _options.NetworkTimeout;
        configureClient?.Invoke(clientOptions);

        _service = connection.SharedKey is not null
            ? new TableServiceClient(connection.TableServiceUri, connection.SharedKey, clientOptions)
            : new TableServiceClient(
                connection.TableServiceUri,
                connection.TokenCredential ?? throw new ArgumentException("The connection has neither a shared key nor a token credential.", nameof(connection)),
                clientOptions);
    }

    public TableStorageConnection Connection { get; }

    public Uri ServiceUri => Connection.TableServiceUri;

    public TableStorageOptions Options => _options;

    internal StorageAvailability Availability { get; }

    internal ILogger Logger { get; }

    /// <summary>The adapter for one table (one per name, cached). The table is created on its first use, not here.</summary>
    /// <exception cref="ArgumentException">The name breaks the Table service's naming rules.</exception>
    public StorageTable GetTableClient(string tableName)
    {
        TableKeyValidation.ValidateTableName(tableName, nameof(tableName));
        return _tables.GetOrAdd(tableName, name => new StorageTable(this, _service.GetTableClient(name), name));
    }

    /// <summary>Creates the table; false when it already existed (409 TableAlreadyExists is a result, not a fault).</summary>
    public Task<bool> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken)
    {
        TableKeyValidation.ValidateTableName(tableName, nameof(tableName));
        return RunAsync("create table", tableName, token => CreateTableAsync(tableName, token), cancellationToken);
    }

    /// <summary>Deletes the table and everything in it; false when there was no such table.</summary>
    public Task<bool> DeleteTableAsync(string tableName, CancellationToken cancellationToken)
    {
        TableKeyValidation.ValidateTableName(tableName, nameof(tableName));
        return RunAsync(
            "delete table",
            tableName,
            async token =>
            {
                // The library answers a missing table with its 404 response instead of throwing.
                var response = await _service.DeleteTableAsync(tableName, token).ConfigureAwait(false);
                _ensuredTables.TryRemove(tableName, out _);
                return response.Status != 404;
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs one storage operation within <see cref="TableStorageOptions.OperationBudget"/>. The caller's token
    /// firing (the client went away) is a cancellation and propagates as such; anything that says storage did not
    /// answer — the budget or network timeout, refused connections, 408/429/5xx after the retries, a credential
    /// without a token — becomes <see cref="StorageUnavailableException"/>. Other failures (400, a bug) propagate.
    /// </summary>
    internal async Task<T> RunAsync<T>(string operation, string tableName, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Wall-clock, not TimeProvider: this bounds how long a socket may be waited on, not a product rule.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.OperationBudget);
        try
        {
            var result = await action(budget.Token).ConfigureAwait(false);
            Availability.ReportAnswered();
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (UnavailableReason(exception) is { } reason)
        {
            Availability.ReportUnavailable(operation, tableName, reason);
            throw new StorageUnavailableException(operation, tableName, _options.RetryAfter, exception);
        }
    }

    /// <summary>
    /// Creates the table once per process and table name. Concurrent callers await the same request;
    /// a failed attempt is forgotten so the next call tries again. The shared request does not take
    /// the first caller's token (one caller giving up must not fail the others); each caller can still
    /// stop waiting with its own. The library's network timeout and retry limit bound the shared request.
    /// </summary>
    internal async Task EnsureTableExistsAsync(string tableName, CancellationToken cancellationToken)
    {
        // Lazy: GetOrAdd may run a factory more than once under a race, but only one Lazy wins.
        var entry = _ensuredTables.GetOrAdd(tableName, name => new Lazy<Task>(() => CreateTableAsync(name, CancellationToken.None)));
        var creation = entry.Value;
        if (creation.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            await creation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (creation.IsFaulted || creation.IsCanceled)
        {
            _ensuredTables.TryRemove(new KeyValuePair<string, Lazy<Task>>(tableName, entry));
            throw;
        }
    }

    /// <summary>Forgets that a table was created, after the service said it no longer exists.</summary>
    internal void ForgetTable(string tableName) => _ensuredTables.TryRemove(tableName, out _);

    /// <summary>Why an exception means "storage did not answer", or null when it is some other fault.</summary>
    internal static string? UnavailableReason(Exception exception) => exception switch
    {
        OperationCanceledException => "no answer within the time budget",
        RequestFailedException { Status: 0 } failed => $"no response: {failed.InnerException?.GetType().Name ?? "network error"}",
        RequestFailedException { Status: 408 or 429 or >= 500 } failed => $"status {failed.Status} ({failed.ErrorCode})",
        // A managed identity or developer credential that cannot get a token, or a token the account refuses.
        RequestFailedException { Status: 401 or 403 } failed => $"status {failed.Status} ({failed.ErrorCode}): check the identity's access to the account",
        AuthenticationFailedException => "the storage credential could not get a token",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => UnavailableReason(inner) is not null) =>
            $"{aggregate.InnerExceptions.Count} attempts failed, last: {UnavailableReason(aggregate.InnerExceptions[^1])}",
        HttpRequestException or IOException or SocketException or TimeoutException => $"network error: {exception.GetType().Name}",
        _ => null,
    };

    private async Task<bool> CreateTableAsync(string tableName, CancellationToken cancellationToken)
    {
        var response = await _service.CreateTableIfNotExistsAsync(tableName, cancellationToken).ConfigureAwait(false);
        if (response.GetRawResponse().Status == 409)
        {
            TableStorageLog.TableAlreadyExists(Logger, tableName);
            return false;
        }

        TableStorageLog.TableCreated(Logger, tableName);
        return true;
    }

    internal static bool IsTableNotFound(RequestFailedException exception) => exception is { Status: 404, ErrorCode: "TableNotFound" };
}
