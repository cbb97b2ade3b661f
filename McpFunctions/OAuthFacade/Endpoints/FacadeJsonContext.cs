using System.Text.Json.Serialization;
using McpFunctions.OAuthFacade.Consent;
using McpFunctions.OAuthFacade.Upstream;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>Source-generated JSON for the façade's wire types and the values it protects.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ClientMetadataDocument))]
[JsonSerializable(typeof(ClientRegistrationResponse))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(AuthorizationServerMetadataDocument))]
[JsonSerializable(typeof(ConsentTicket))]
[JsonSerializable(typeof(RememberedConsent))]
[JsonSerializable(typeof(DevelopmentUpstreamCode))]
internal sealed partial class FacadeJsonContext : JsonSerializerContext;
