using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.Maintenance;

/// <summary>Fails start-up (ValidateOnStart) with a message naming the setting to fix.</summary>
internal sealed class ExpiredRowPurgeOptionsValidator : IValidateOptions<ExpiredRowPurgeOptions>
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, ExpiredRowPurgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = ExpiredRowPurgeOptions.SectionName;

        var failures = new List<string>();
        if (options.PurgeInterval < MinimumInterval || options.PurgeInterval > MaximumInterval)
        {
            failures.Add($"{section}:{nameof(ExpiredRowPurgeOptions.PurgeInterval)} is {options.PurgeInterval}; use a value between 00:00:01 and 1.00:00:00 (default 00:15:00).");
        }

        if (options.BatchSize is < 1 or > TableStorageDefaults.MaxPageSize)
        {
            failures.Add($"{section}:{nameof(ExpiredRowPurgeOptions.BatchSize)} is {options.BatchSize}; use 1 to {TableStorageDefaults.MaxPageSize} (default 100).");
        }

        if (options.MaxBatchesPerRun < 1)
        {
            failures.Add($"{section}:{nameof(ExpiredRowPurgeOptions.MaxBatchesPerRun)} must be at least 1 (default 20).");
        }

        if (options.InitialDelay < TimeSpan.Zero || options.InitialDelay > MaximumInterval)
        {
            failures.Add($"{section}:{nameof(ExpiredRowPurgeOptions.InitialDelay)} is {options.InitialDelay}; use a value between 00:00:00 and 1.00:00:00 (default 00:00:15).");
        }

        if (!TableKeyValidation.IsValidTableName(options.LeaseTableName))
        {
            failures.Add($"{section}:{nameof(ExpiredRowPurgeOptions.LeaseTableName)} '{options.LeaseTableName}' is not a valid table name: use 3 to 63 letters and digits, starting with a letter.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
