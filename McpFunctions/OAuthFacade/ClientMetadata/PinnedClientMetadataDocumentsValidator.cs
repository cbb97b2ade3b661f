using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>Fails start-up when a configured pinned metadata document would be refused if it were fetched, saying which and why.</summary>
internal sealed class PinnedClientMetadataDocumentsValidator : IValidateOptions<FacadeOptions>
{
    public ValidateOptionsResult Validate(string? name, FacadeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PinnedClientMetadataDocuments.Build(options.ClientMetadataDocuments, out var problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
