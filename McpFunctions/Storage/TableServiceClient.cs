using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace McpFunctions.Storage;

/// <summary>
/// The account-level Table Storage client: owns the one Azure.Core <see cref="HttpPipeline"/>
/// (retries, logging, authentication) every table shares, creates tables, and hands out
/// <see cref="TableClient"/>s. Register it once per process; it is thread-safe.
/// </summary>
internal sealed class TableServiceClient
{
    private const string TablesPath = "Tables";

    // One creation task per table name, so concurrent first callers share a single Create Table request.
    private readonly ConcurrentDictionary<string, Lazy<Task>> _ensuredTables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HttpPipeline _pipeline;
    private readonly string _baseUrl;

    public TableServiceClient(TableStorageConnection connection, TimeProvider timeProvider, ILogger<TableServiceClient> logger, TableClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        Connection = connection;
        Logger = logger;
        _baseUrl = connection.TableServiceUri.AbsoluteUri.TrimEnd('/');

        // Per-retry, so each attempt is signed (Shared Key: fresh x-ms-date) or carries a fresh token.
        HttpPipelinePolicy authentication = connection.SharedKey is not null
            ? new TableSharedKeyLitePolicy(connection.SharedKey, timeProvider)
            : new BearerTokenAuthenticationPolicy(
                connection.TokenCredential ?? throw new ArgumentException("The connection has neither a shared key nor a token credential.", nameof(connection)),
                TableStorageDefaults.StorageScope);

        var pipelineOptions = new HttpPipelineOptions(options ?? new TableClientOptions())
        {
            RequestFailedDetailsParser = TableErrorDetailsParser.Instance,
        };
        pipelineOptions.PerRetryPolicies.Add(authentication);
        _pipeline = HttpPipelineBuilder.Build(pipelineOptions);
    }

    public TableStorageConnection Connection { get; }

    public Uri ServiceUri => Connection.TableServiceUri;

    internal ILogger Logger { get; }

    /// <summary>A client for one table. The table is created on its first use, not here.</summary>
    /// <exception cref="ArgumentException">The name breaks the Table service's naming rules.</exception>
    public TableClient GetTableClient(string tableName)
    {
        TableKeyValidation.ValidateTableName(tableName, nameof(tableName));
        return new TableClient(this, tableName);
    }

    /// <summary>Creates the table; false when it already existed (409 TableAlreadyExists is a result, not a fault).</summary>
    public async Task<bool> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken)
    {
        TableKeyValidation.ValidateTableName(tableName, nameof(tableName));

        using var message = CreateMessage(RequestMethod.Post, TablesPath);
        message.Request.Headers.SetValue(TableHeaderNames.Prefer, TableHeaderNames.ReturnNoContent);
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, TableStorageDefaults.ContentTypeJson);
        // Safe to format by hand: a valid table name is letters and digits only.
        message.Request.Content = RequestContent.Create(BinaryData.FromString($$"""{"TableName":"{{tableName}}"}"""));

        var response = await SendAsync(message, cancellationToken);
        switch (response.Status)
        {
            case 201 or 204:
                TableStorageLog.TableCreated(Logger, tableName);
                return true;
            case 409 when TableErrorDetailsParser.ReadError(response.Content).Code == "TableAlreadyExists":
                TableStorageLog.TableAlreadyExists(Logger, tableName);
                return false;
            default:
                throw CreateException("create table", tableName, response);
        }
    }

    /// <summary>Deletes the table and everything in it; false when there was no such table.</summary>
    public async Task<bool> DeleteTableAsync(string tableName, CancellationToken cancellationToken)
    {
        TableKeyValidation.ValidateTableName(tableName, nameof(tableName));

        using var message = CreateMessage(RequestMethod.Delete, $"{TablesPath}('{tableName}')");
        var response = await SendAsync(message, cancellationToken);
        _ensuredTables.TryRemove(tableName, out _);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw CreateException("delete table", tableName, response),
        };
    }

    /// <summary>
    /// Creates the table once per process and table name. Concurrent callers await the same request;
    /// a failed attempt is forgotten so the next call tries again. The shared request does not take
    /// the first caller's token (one caller giving up must not fail the others); each caller can still
    /// stop waiting with its own.
    /// </summary>
    internal async Task EnsureTableExistsAsync(string tableName, CancellationToken cancellationToken)
    {
        // Lazy: GetOrAdd may run a factory more than once under a race, but only one Lazy wins.
        var entry = _ensuredTables.GetOrAdd(tableName, name => new Lazy<Task>(() => CreateTableIfNotExistsAsync(name, CancellationToken.None)));
        var creation = entry.Value;
        if (creation.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            await creation.WaitAsync(cancellationToken);
        }
        catch when (creation.IsFaulted || creation.IsCanceled)
        {
            _ensuredTables.TryRemove(new KeyValuePair<string, Lazy<Task>>(tableName, entry));
            throw;
        }
    }

    /// <summary>Forgets that a table was created, after the service said it no longer exists.</summary>
    internal void ForgetTable(string tableName) => _ensuredTables.TryRemove(tableName, out _);

    /// <summary>A request with the headers every Table operation needs; <paramref name="relativeUrl"/> is already escaped.</summary>
    internal HttpMessage CreateMessage(RequestMethod method, string relativeUrl)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri($"{_baseUrl}/{relativeUrl}"));
        request.Headers.SetValue(TableHeaderNames.Version, TableStorageDefaults.ApiVersion);
        request.Headers.SetValue(TableHeaderNames.DataServiceVersion, TableStorageDefaults.DataServiceVersion);
        request.Headers.SetValue(TableHeaderNames.MaxDataServiceVersion, TableStorageDefaults.DataServiceVersion);
        request.Headers.SetValue(HttpHeader.Names.Accept, TableStorageDefaults.AcceptJson);
        return message;
    }

    /// <summary>The absolute URL of a relative one, as entity group transactions need for their sub-requests.</summary>
    internal string GetAbsoluteUrl(string relativeUrl) => $"{_baseUrl}/{relativeUrl}";

    internal async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response;
    }

    /// <summary>
    /// A status the caller cannot treat as a result (400, 403, 5xx after retries...): a fault, thrown as
    /// Azure.Core's <see cref="RequestFailedException"/> with the service's error code.
    /// </summary>
    internal RequestFailedException CreateException(string operation, string tableName, Response response)
    {
        var exception = new RequestFailedException(response, null, TableErrorDetailsParser.Instance);
        TableStorageLog.RequestFailed(Logger, operation, tableName, response.Status, exception.ErrorCode);
        return exception;
    }
}
