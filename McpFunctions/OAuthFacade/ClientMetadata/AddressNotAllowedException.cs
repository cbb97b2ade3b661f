namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// Raised inside the metadata-document client's connect callback (the only way to stop a socket there) when a
/// host resolves to an address that is not public; the fetcher turns it into a refusal value.
/// </summary>
internal sealed class AddressNotAllowedException(string message) : IOException(message);
