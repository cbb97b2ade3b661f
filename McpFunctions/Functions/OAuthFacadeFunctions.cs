using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OAuthFacade.Upstream;
using Microsoft.Azure.Functions.Worker;

namespace McpFunctions.Functions;

/// <summary>
/// The authorization-server façade (DESIGN §4). Outside façade mode each of these answers 404, like a route that
/// does not exist; the development sign-in also needs <c>Facade:Upstream:Kind=Development</c>.
/// </summary>
public static class OAuthFacadeFunctions
{
    [Function("AuthorizationServerMetadata")]
    public static Task AuthorizationServerMetadata(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Options, Route = OAuthConstants.Routes.AuthorizationServerMetadata)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<AuthorizationServerMetadataEndpoint>(request.HttpContext, get: e => e.HandleAsync);

    [Function("OpenIdConfiguration")]
    public static Task OpenIdConfiguration(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Options, Route = OAuthConstants.Routes.OpenIdConfiguration)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<AuthorizationServerMetadataEndpoint>(request.HttpContext, get: e => e.HandleAsync);

    [Function("Jwks")]
    public static Task Jwks(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Options, Route = OAuthConstants.Routes.Jwks)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<JwksEndpoint>(request.HttpContext, get: e => e.HandleAsync);

    [Function("Register")]
    public static Task Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Post, FunctionMethods.Options, Route = OAuthConstants.Routes.Register)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<RegistrationEndpoint>(request.HttpContext, post: e => e.HandleAsync);

    // Every method reaches the endpoint, which answers 405 with Allow itself: the host would 404 an undeclared one.
    [Function("ClientConfiguration")]
    public static Task ClientConfiguration(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Post, FunctionMethods.Put, FunctionMethods.Patch, FunctionMethods.Delete, FunctionMethods.Head, FunctionMethods.Options, Route = OAuthConstants.Routes.ClientConfiguration)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeEveryMethodAsync<ClientConfigurationEndpoint>(request.HttpContext, e => e.HandleAsync);

    [Function("Authorize")]
    public static Task Authorize(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, Route = OAuthConstants.Routes.Authorize)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<AuthorizeEndpoint>(request.HttpContext, get: e => e.HandleAsync);

    [Function("Consent")]
    public static Task Consent(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Post, Route = OAuthConstants.Routes.Consent)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<ConsentEndpoint>(request.HttpContext, post: e => e.HandleAsync);

    [Function("Callback")]
    public static Task Callback(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, Route = OAuthConstants.Routes.Callback)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<CallbackEndpoint>(request.HttpContext, get: e => e.HandleAsync);

    [Function("Token")]
    public static Task Token(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Post, FunctionMethods.Options, Route = OAuthConstants.Routes.Token)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<TokenEndpoint>(request.HttpContext, post: e => e.HandleAsync);

    [Function("Revoke")]
    public static Task Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Post, FunctionMethods.Options, Route = OAuthConstants.Routes.Revoke)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<RevocationEndpoint>(request.HttpContext, post: e => e.HandleAsync);

    [Function("DevelopmentSignIn")]
    public static Task DevelopmentSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Post, Route = OAuthConstants.Routes.DevelopmentSignIn)] HttpRequest request)
        => FacadeEndpointsExtensions.InvokeAsync<DevelopmentSignInEndpoint>(request.HttpContext, get: e => e.GetAsync, post: e => e.PostAsync, requiresDevelopmentUpstream: true);
}
