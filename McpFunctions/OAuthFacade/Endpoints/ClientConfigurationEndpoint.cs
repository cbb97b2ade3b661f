using System.Text.Json;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using Microsoft.Net.Http.Headers;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// RFC 7592 client configuration endpoint at <c>/register/{client_id}</c>, for dynamically registered clients: read
/// (GET) and delete (DELETE) a registration with the <c>registration_access_token</c> the registration returned.
/// </summary>
/// <remarks>
/// Checks, in order:
///  1. the method is GET, PUT or DELETE                                                  → 405, <c>Allow</c>
///  2. <c>Authorization: Bearer</c> present (RFC 6750 §3.1: no error code when absent)   → 401 <c>WWW-Authenticate: Bearer</c>
///  3. the client exists, was registered here, and the token's SHA-256 equals the stored
///     hash in fixed time (RFC 7592 §2.1: unknown client is 401 too, so nothing is
///     learnt about which client ids exist)                                            → 401 invalid_token
///  4. PUT: this server does not let a client rewrite its registration (§2.2)           → 403; register again instead
///  5. GET → 200 the client information response (§3), the presented token echoed (only its hash is kept);
///     DELETE → 204 and the registration is gone (§2.3): its refresh tokens stop working with it, since every
///     token request authenticates the client.
/// </remarks>
internal sealed partial class ClientConfigurationEndpoint(
    IOAuthClientStore clients,
    FacadeUrls urls,
    ILogger<ClientConfigurationEndpoint> logger)
{
    /// <summary>What <c>Allow</c> lists on 405 (PUT is answered, with 403).</summary>
    public const string AllowedMethods = "GET, PUT, DELETE";

    private const string BearerPrefix = "Bearer ";

    /// <summary>The configuration endpoint URL of <paramref name="clientId"/>, absolute on the issuer.</summary>
    public static string UriFor(FacadeUrls urls, string clientId)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return urls.Absolute(OAuthConstants.Paths.Register + "/" + Uri.EscapeDataString(clientId));
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsPut(method) && !HttpMethods.IsDelete(method))
        {
            context.Response.Headers.Allow = AllowedMethods;
            await RefuseAsync(context, OAuthError.InvalidRequest($"{method} is not supported here; use GET to read or DELETE to remove the registration (RFC 7592).") with { Status = StatusCodes.Status405MethodNotAllowed });
            return;
        }

        var token = BearerToken(context.Request);
        if (token is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RefuseAsync(context, new OAuthError(OAuthConstants.Errors.InvalidToken, "Send the registration_access_token from the registration response as a Bearer token (RFC 7592 §2).") with { Status = StatusCodes.Status401Unauthorized });
            return;
        }

        var clientId = ClientIdFromPath(context.Request.Path);
        var client = clientId.Length is > 0 and <= 256 ? await clients.GetAsync(clientId, context.RequestAborted) : null;
        if (client is not { Kind: ClientRegistrationKind.Dynamic, RegistrationAccessTokenHash: { } hash } || !OAuthSecrets.MatchesHash(token, hash))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await RefuseAsync(context, new OAuthError(OAuthConstants.Errors.InvalidToken, "The registration access token is not valid for this client, or the client is not registered.") with { Status = StatusCodes.Status401Unauthorized });
            return;
        }

        if (HttpMethods.IsPut(method))
        {
            await RefuseAsync(context, OAuthError.UnauthorizedClient("This server does not let a client change its registration (RFC 7592 §2.2); DELETE it and register again.") with { Status = StatusCodes.Status403Forbidden });
            return;
        }

        if (HttpMethods.IsDelete(method))
        {
            await clients.DeleteAsync(client.ClientId, context.RequestAborted);
            Log.Deleted(logger, client.ClientId);
            OAuthErrorWriter.NoStore(context.Response);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        Log.Read(logger, client.ClientId);
        OAuthErrorWriter.NoStore(context.Response);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(
            context.Response.Body,
            ClientRegistrationResponse.For(client, clientSecret: null, token, UriFor(urls, client.ClientId)),
            FacadeJsonContext.Default.ClientRegistrationResponse,
            context.RequestAborted);
    }

    /// <summary>The single <c>Authorization: Bearer</c> credential, or null (RFC 6750 §2.1; the scheme is case-insensitive).</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var values = request.Headers[HeaderNames.Authorization];
        if (values.Count != 1 || values[0] is not { } value || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = value[BearerPrefix.Length..].Trim();
        return token.Length is > 0 and <= 512 ? token : null;
    }

    private async Task RefuseAsync(HttpContext context, OAuthError error)
    {
        Log.Refused(logger, OAuthErrorWriter.StatusFor(error), error.Error);
        await OAuthErrorWriter.WriteJsonAsync(context, error);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5505, Level = LogLevel.Information, Message = "Client {ClientId} read its registration (RFC 7592)")]
        public static partial void Read(ILogger logger, string clientId);

        [LoggerMessage(EventId = 5506, Level = LogLevel.Information, Message = "Client {ClientId} deleted its registration (RFC 7592)")]
        public static partial void Deleted(ILogger logger, string clientId);

        [LoggerMessage(EventId = 5507, Level = LogLevel.Information, Message = "Client configuration request refused: {Status} {Error}")]
        public static partial void Refused(ILogger logger, int status, string error);
    }

    // Read from the path rather than route values: the Functions worker does not fill ASP.NET Core's route values,
    // and the path is already unescaped (an escaped '/' stays escaped, so it cannot reach another route's segment).
    private static string ClientIdFromPath(PathString path)
    {
        var value = path.Value ?? string.Empty;
        var prefix = OAuthConstants.Paths.Register + "/";
        return value.StartsWith(prefix, StringComparison.Ordinal) && value.IndexOf('/', prefix.Length) < 0
            ? value[prefix.Length..]
            : string.Empty;
    }
}
