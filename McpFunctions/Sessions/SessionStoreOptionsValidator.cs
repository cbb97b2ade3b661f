using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.Sessions;

/// <summary>Fails start-up (ValidateOnStart) with a message naming the setting to fix.</summary>
internal sealed class SessionStoreOptionsValidator : IValidateOptions<SessionStoreOptions>
{
    private static readonly TimeSpan MaxReadCacheDuration = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, SessionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (!TableKeyValidation.IsValidTableName(options.TableName))
        {
            failures.Add($"{SessionStoreOptions.SectionName}:{nameof(SessionStoreOptions.TableName)} '{options.TableName}' is not a valid table name: use 3 to 63 letters and digits, starting with a letter.");
        }

        if (options.MaxInMemorySessions < 1)
        {
            failures.Add($"{SessionStoreOptions.SectionName}:{nameof(SessionStoreOptions.MaxInMemorySessions)} must be at least 1.");
        }

        if (options.ReadCacheDuration < TimeSpan.Zero || options.ReadCacheDuration > MaxReadCacheDuration)
        {
            failures.Add($"{SessionStoreOptions.SectionName}:{nameof(SessionStoreOptions.ReadCacheDuration)} must be between 00:00:00 (off) and {MaxReadCacheDuration:c}: it is how late a deletion through another instance is seen here.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
