using System.Text.Json.Serialization;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Source-generated JSON for the list properties of the OAuth tables.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class OAuthStoreJsonContext : JsonSerializerContext;
