using McpFunctions.OAuthFacade.Endpoints;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// The pinned Client ID Metadata Documents in effect: <see cref="PinnedClientMetadataDefaults"/>, then
/// <c>Facade:ClientMetadataDocuments:Pinned</c> (adding, or replacing by client id), minus
/// <c>Facade:ClientMetadataDocuments:Unpinned</c>. Each is validated like a fetched document (start-up fails otherwise,
/// through <see cref="PinnedClientMetadataDocumentsValidator"/>).
/// </summary>
internal sealed class PinnedClientMetadataDocuments(IOptions<FacadeOptions> options)
{
    private readonly IReadOnlyDictionary<string, ValidatedClientMetadata> _documents = Build(options.Value.ClientMetadataDocuments, out _);

    public IReadOnlyCollection<string> ClientIds => [.. _documents.Keys];

    public bool TryGet(string clientId, out ValidatedClientMetadata metadata) => _documents.TryGetValue(clientId, out metadata!);

    /// <summary>The documents in effect, and what is wrong with any configured one (which is then left out).</summary>
    public static IReadOnlyDictionary<string, ValidatedClientMetadata> Build(ClientMetadataDocumentOptions options, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var merged = new Dictionary<string, PinnedClientMetadataDocument>(StringComparer.Ordinal);
        foreach (var document in PinnedClientMetadataDefaults.Create().Concat(options.Pinned))
        {
            if (document.ClientId is not { Length: > 0 } clientId || ClientIdMetadataDocumentUrl.Parse(clientId, out _) is null)
            {
                failures.Add($"Facade:ClientMetadataDocuments:Pinned entry '{document.ClientId}' needs a ClientId that is an https metadata document URL.");
                continue;
            }

            merged[clientId] = document;
        }

        foreach (var unpinned in options.Unpinned)
        {
            merged.Remove(unpinned);
        }

        var documents = new Dictionary<string, ValidatedClientMetadata>(StringComparer.Ordinal);
        foreach (var (clientId, document) in merged)
        {
            var validated = ClientMetadataRules.Validate(ToWire(document), policy: null, metadataDocument: true, out var error);
            if (validated is null)
            {
                failures.Add($"Facade:ClientMetadataDocuments:Pinned entry '{clientId}' is not acceptable client metadata: {error!.Description}");
                continue;
            }

            documents[clientId] = validated;
        }

        problems = failures;
        return documents;
    }

    private static ClientMetadataDocument ToWire(PinnedClientMetadataDocument document) => new()
    {
        ClientId = document.ClientId,
        ClientName = document.ClientName,
        ClientUri = document.ClientUri,
        LogoUri = document.LogoUri,
        RedirectUris = document.RedirectUris,
        GrantTypes = document.GrantTypes.Count == 0 ? null : document.GrantTypes,
        ResponseTypes = document.ResponseTypes.Count == 0 ? null : document.ResponseTypes,
        TokenEndpointAuthMethod = document.TokenEndpointAuthMethod,
        ApplicationType = document.ApplicationType,
        Scope = document.Scope,
    };
}
