using System.Text.Json;
using McpFunctions.Hosting;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// RFC 7591 dynamic client registration at <c>POST /register</c> — deprecated by MCP 2026-07-28 in favour of
/// Client ID Metadata Documents, but what Claude.ai (second seed), Claude Code, VS Code and Inspector do today.
/// </summary>
/// <remarks>
/// Checks, in order:
///  1. the caller's address is within <see cref="FacadeOptions.RegistrationsPerMinute"/>       → 429
///  2. the body is <c>application/json</c> and at most <see cref="MaxBodyBytes"/>               → 400 / 413 invalid_client_metadata
///  3. the body is a JSON object of client metadata                                         → 400 invalid_client_metadata
///  4. redirect URIs: shape rules, then <see cref="FacadeOptions.AllowedRedirectUris"/>          → 400 invalid_redirect_uri
///  5. application_type, auth method, grant and response types, name, scope syntax         → 400 invalid_client_metadata
///  6. stored (a confidential client's secret and the registration access token only as their SHA-256) → 201:
///     client_id, client_id_issued_at, the registered metadata echoed (scope too, even "claudeai": authorization grants
///     only this server's scopes), and RFC 7592's registration_client_uri and registration_access_token.
/// </remarks>
internal sealed partial class RegistrationEndpoint(
    RegistrationRateLimiter rateLimiter,
    RedirectUriPolicy redirectUris,
    IOAuthClientStore clients,
    FacadeUrls urls,
    TimeProvider timeProvider,
    IOptions<FacadeOptions> options,
    ILogger<RegistrationEndpoint> logger)
{
    /// <summary>Largest registration body read; real ones are a few hundred bytes.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!rateLimiter.TryAcquire(context))
        {
            Log.RateLimited(logger);
            await OAuthErrorWriter.WriteJsonAsync(context, OAuthError.InvalidRequest("Too many registrations from this address; try again in a minute.") with { Status = StatusCodes.Status429TooManyRequests });
            return;
        }

        var (metadata, bodyError) = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (bodyError is not null)
        {
            await RefuseAsync(context, bodyError);
            return;
        }

        var validated = ClientMetadataRules.Validate(metadata!, redirectUris, metadataDocument: false, out var metadataError);
        if (validated is null)
        {
            await RefuseAsync(context, metadataError!);
            return;
        }

        var confidential = validated.TokenEndpointAuthMethod != OAuthConstants.ClientAuthenticationMethods.None;
        var secret = confidential ? OAuthSecrets.NewSecret() : null;
        var registrationAccessToken = OAuthSecrets.NewSecret();
        var record = NewRecord(validated, secret, registrationAccessToken);
        var created = await clients.CreateAsync(record, context.RequestAborted);
        if (!created.Succeeded)
        {
            Log.NotStored(logger, created.Status.ToString());
            await OAuthErrorWriter.WriteJsonAsync(context, OAuthError.ServerError("The registration could not be stored. Try again."));
            return;
        }

        Log.Registered(logger, record.ClientId, record.ClientName ?? "(unnamed)", record.TokenEndpointAuthMethod, string.Join(' ', record.RedirectUris));
        context.Response.StatusCode = StatusCodes.Status201Created;
        OAuthErrorWriter.NoStore(context.Response);
        context.Response.ContentType = "application/json";
        var response = ClientRegistrationResponse.For(record, secret, registrationAccessToken, ClientConfigurationEndpoint.UriFor(urls, record.ClientId));
        await JsonSerializer.SerializeAsync(context.Response.Body, response, FacadeJsonContext.Default.ClientRegistrationResponse, context.RequestAborted);
    }

    // Step 6: the client as stored; its secret and registration access token only as their SHA-256.
    private OAuthClientRecord NewRecord(ValidatedClientMetadata validated, string? secret, string registrationAccessToken)
    {
        var now = timeProvider.GetUtcNow();
        return new OAuthClientRecord
        {
            ClientId = OAuthSecrets.NewId(),
            Kind = ClientRegistrationKind.Dynamic,
            ClientName = validated.ClientName,
            RedirectUris = validated.RedirectUris,
            GrantTypes = validated.GrantTypes,
            ResponseTypes = validated.ResponseTypes,
            TokenEndpointAuthMethod = validated.TokenEndpointAuthMethod,
            ClientSecretHash = secret is null ? null : OAuthSecrets.Hash(secret),
            RegistrationAccessTokenHash = OAuthSecrets.Hash(registrationAccessToken),
            Scope = validated.Scope,
            ApplicationType = validated.ApplicationType,
            ClientUri = validated.ClientUri,
            LogoUri = validated.LogoUri,
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now + options.Value.ClientIdleLifetime,
        };
    }

    private static async Task<(ClientMetadataDocument? Metadata, OAuthError? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!(request.ContentType?.Split(';', 2)[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return (null, OAuthError.InvalidClientMetadata("Send the client metadata as application/json (RFC 7591 §3.1)."));
        }

        var tooLarge = OAuthError.InvalidClientMetadata($"The registration body is larger than {MaxBodyBytes} bytes.") with { Status = StatusCodes.Status413PayloadTooLarge };
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, tooLarge);
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        if (total > MaxBodyBytes)
        {
            return (null, tooLarge);
        }

        // Checked before the serializer sees it: a lone surrogate or a duplicate member is a client mistake
        // (invalid_client_metadata), not a fault in the reader.
        var problem = JsonInputValidator.Validate(buffer.AsSpan(0, total));
        if (problem != JsonInputProblem.None)
        {
            return (null, OAuthError.InvalidClientMetadata($"The body is not client metadata JSON (RFC 7591 §2): {JsonInputValidator.Describe(problem)}."));
        }

        try
        {
            using var json = JsonDocument.Parse(buffer.AsMemory(0, total));
            return json.RootElement.ValueKind == JsonValueKind.Object
                ? (json.RootElement.Deserialize(FacadeJsonContext.Default.ClientMetadataDocument), null)
                : (null, OAuthError.InvalidClientMetadata("The body must be a JSON object of client metadata."));
        }
        catch (JsonException)
        {
            return (null, OAuthError.InvalidClientMetadata("The body is not client metadata JSON (RFC 7591 §2): check each member's type."));
        }
    }

    private async Task RefuseAsync(HttpContext context, OAuthError error)
    {
        Log.Refused(logger, error.Error, error.Description);
        await OAuthErrorWriter.WriteJsonAsync(context, error);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "Client registered: {ClientId} \"{ClientName}\" ({AuthMethod}) redirecting to {RedirectUris}")]
        public static partial void Registered(ILogger logger, string clientId, string clientName, string authMethod, string redirectUris);

        [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "Client registration refused: {Error} {Description}")]
        public static partial void Refused(ILogger logger, string error, string description);

        [LoggerMessage(EventId = 5502, Level = LogLevel.Warning, Message = "Client registration rate limit reached for an address (Facade:RegistrationsPerMinute)")]
        public static partial void RateLimited(ILogger logger);

        [LoggerMessage(EventId = 5503, Level = LogLevel.Error, Message = "Client registration could not be stored: {Status}")]
        public static partial void NotStored(ILogger logger, string status);
    }
}
