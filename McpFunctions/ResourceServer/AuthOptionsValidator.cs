using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

/// <summary>
/// Refuses to start an unauthenticated endpoint where it could be reached by others: on Azure (detected by Azure's
/// own variables; being run by a Functions host proves nothing, the local host and Core Tools are ones too) or
/// outside the Development environment, unless explicitly allowed.
/// </summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.Mode != AuthMode.Disabled || options.AllowDisabledOutsideDevelopment)
        {
            return ValidateOptionsResult.Success;
        }

        if (FunctionsHostingEnvironment.IsOnAzure(configuration))
        {
            return ValidateOptionsResult.Fail(
                "Auth:Mode is Disabled but the app runs on Azure (WEBSITE_INSTANCE_ID or a public WEBSITE_HOSTNAME is set), where it is reachable from the internet. " +
                "Set Auth:Mode to External or Facade (see docs), or set Auth:AllowDisabledOutsideDevelopment=true for a throw-away test deployment.");
        }

        if (!environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail(
                $"Auth:Mode is Disabled, which only starts in the Development environment (this is '{environment.EnvironmentName}'). " +
                "Set Auth:Mode to External or Facade, or set Auth:AllowDisabledOutsideDevelopment=true.");
        }

        return ValidateOptionsResult.Success;
    }
}
