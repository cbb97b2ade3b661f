using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Fills the list defaults of <see cref="AuthOptions"/> after binding: configuration binding appends to
/// lists, so defaults cannot live in the initializers without being impossible to replace.
/// </summary>
internal sealed class AuthOptionsDefaults : IPostConfigureOptions<AuthOptions>
{
    public void PostConfigure(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scopes.Count == 0)
        {
            options.Scopes.AddRange(AuthOptions.DefaultScopes);
        }

        if (options.ValidAlgorithms.Count == 0)
        {
            options.ValidAlgorithms.AddRange(AuthOptions.DefaultAlgorithms);
        }

        // Userinfo carries no scopes: unless told otherwise, a userinfo-validated token gets all of them.
        if (options.Userinfo.GrantedScopes.Count == 0)
        {
            options.Userinfo.GrantedScopes.AddRange(options.Scopes);
        }
    }
}
