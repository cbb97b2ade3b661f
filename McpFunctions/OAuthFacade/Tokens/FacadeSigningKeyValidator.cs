using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>Fails start-up when <c>Facade:SigningKey</c> is set but cannot sign (not PKCS#8 PEM, short RSA, a curve other than P-256).</summary>
internal sealed class FacadeSigningKeyValidator : IValidateOptions<FacadeOptions>
{
    public ValidateOptionsResult Validate(string? name, FacadeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            SigningKeyMaterial.FromPem(options.SigningKey);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
