using Microsoft.Extensions.Options;

namespace McpFunctions.Storage;

/// <summary>Refuses storage time limits that would make a request wait forever or fail before it could succeed.</summary>
internal sealed class TableStorageOptionsValidator : IValidateOptions<TableStorageOptions>
{
    private static readonly TimeSpan MaxBudget = TimeSpan.FromMinutes(2);

    public ValidateOptionsResult Validate(string? name, TableStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = TableStorageOptions.SectionName;
        var failures = new List<string>();
        if (options.OperationBudget <= TimeSpan.Zero || options.OperationBudget > MaxBudget)
        {
            failures.Add($"{section}:{nameof(TableStorageOptions.OperationBudget)} is {options.OperationBudget}; use more than zero and at most {MaxBudget} (default 00:00:05).");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero || options.NetworkTimeout > options.OperationBudget)
        {
            failures.Add($"{section}:{nameof(TableStorageOptions.NetworkTimeout)} is {options.NetworkTimeout}; use more than zero and at most {section}:{nameof(TableStorageOptions.OperationBudget)} (default 00:00:02).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{section}:{nameof(TableStorageOptions.MaxRetries)} is {options.MaxRetries}; use 0 to 10 (default 2).");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > options.OperationBudget)
        {
            failures.Add($"{section}:{nameof(TableStorageOptions.RetryDelay)} is {options.RetryDelay}; use zero to {section}:{nameof(TableStorageOptions.OperationBudget)} (default 00:00:00.2).");
        }

        if (options.RetryAfter < TimeSpan.FromSeconds(1) || options.RetryAfter > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:{nameof(TableStorageOptions.RetryAfter)} is {options.RetryAfter}; use 1 second to 1 hour (default 00:00:05).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
