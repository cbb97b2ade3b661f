namespace McpFunctions.OpenIdConnect;

/// <summary>
/// Values read from an unverified token (kid, iss, aud) end up in operators' logs: keep them short and on
/// one line, so that a crafted token cannot flood the log or forge log lines in plain-text sinks.
/// </summary>
internal static class UntrustedText
{
    public const int MaxLength = 120;

    public static string Shorten(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var shortened = value.Length > MaxLength ? value[..MaxLength] + "…" : value;
        return string.Create(shortened.Length, shortened, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
