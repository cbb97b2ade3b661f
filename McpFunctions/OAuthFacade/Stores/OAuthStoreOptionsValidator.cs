using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Fails start-up on a table name the Table service would refuse, or two stores sharing one table.</summary>
internal sealed class OAuthStoreOptionsValidator : IValidateOptions<OAuthStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = options.TableNames().ToList();
        foreach (var (setting, value) in names)
        {
            if (!TableKeyValidation.IsValidTableName(value))
            {
                failures.Add($"Facade:Storage:{setting} '{value}' is not a valid table name: use 3 to 63 letters and digits, starting with a letter.");
            }
        }

        // Table names are case-insensitive; two stores in one table would read each other's rows.
        foreach (var duplicate in names.GroupBy(n => n.Value, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"Facade:Storage: {string.Join(" and ", duplicate.Select(d => d.Setting))} name the same table '{duplicate.Key}'; each store needs its own.");
        }

        if (options.MaxInMemoryEntries < 1)
        {
            failures.Add("Facade:Storage:MaxInMemoryEntries must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
