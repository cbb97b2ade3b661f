using System.Text;
using System.Text.RegularExpressions;

namespace McpFunctions.Tests.Infra;

/// <summary>
/// Just enough of Bicep to check a template by text: comments blanked out (so a comment that mentions a
/// setting never counts as setting it), and the text of a declaration's <c>{ ... }</c> body found by
/// brace matching that skips strings, their <c>${...}</c> interpolations and <c>'''</c> strings.
/// </summary>
internal sealed partial class BicepSource
{
    private BicepSource(string path, string code)
    {
        Path = path;
        Code = code;
    }

    public string Path { get; }

    /// <summary>The file with every comment replaced by spaces (line breaks kept, so positions stay valid).</summary>
    public string Code { get; }

    public static BicepSource Load(string path) => new(path, StripComments(File.ReadAllText(path)));

    /// <summary>Names of the <c>param</c> declarations, with whether each has a default value.</summary>
    public IReadOnlyDictionary<string, bool> Parameters() =>
        ParamRegex().Matches(Code).ToDictionary(match => match.Groups["name"].Value, match => match.Groups["default"].Success, StringComparer.Ordinal);

    /// <summary>
    /// The body of <c>var name = ... {</c> or <c>[</c> (or <c>resource name ...</c>, <c>module name ...</c>): from its first
    /// brace or bracket to the matching one.
    /// </summary>
    public string Body(string keyword, string name)
    {
        var declaration = new Regex($@"^{keyword}\s+{Regex.Escape(name)}\b", RegexOptions.Multiline).Match(Code);
        if (!declaration.Success)
        {
            throw new InvalidOperationException($"{Path} has no `{keyword} {name}`.");
        }

        return BlockAt(Code.IndexOfAny(['{', '['], declaration.Index));
    }

    /// <summary>Every <c>resource</c> declaration of a type, e.g. <c>Microsoft.Authorization/roleAssignments</c>, with its body.</summary>
    public IReadOnlyList<(string Name, string Body)> Resources(string type) =>
        new Regex($@"^resource\s+(?<name>\w+)\s+'{Regex.Escape(type)}@[^']+'", RegexOptions.Multiline)
            .Matches(Code)
            .Select(match => (match.Groups["name"].Value, BlockAt(Code.IndexOf('{', match.Index))))
            .ToList();

    /// <summary>The keys at the top level of an object body (<c>key: value</c> or <c>'key': value</c>).</summary>
    public static IReadOnlyList<string> TopLevelKeys(string body)
    {
        var keys = new List<string>();
        var depth = 0;
        foreach (var line in body.Split('\n'))
        {
            if (depth == 1 && KeyRegex().Match(line) is { Success: true } key)
            {
                keys.Add(key.Groups["key"].Value);
            }

            depth += CountOutsideStrings(line, '{') + CountOutsideStrings(line, '[') - CountOutsideStrings(line, '}') - CountOutsideStrings(line, ']');
        }

        return keys;
    }

    /// <summary>The value text of <c>key: value</c> at any depth of <paramref name="body"/>, or null.</summary>
    public static string? ValueOf(string body, string key)
    {
        var match = new Regex($@"^\s*'?{Regex.Escape(key)}'?\s*:\s*(?<value>.+?)\s*$", RegexOptions.Multiline).Match(body);
        return match.Success ? match.Groups["value"].Value : null;
    }

    private string BlockAt(int openBrace)
    {
        if (openBrace < 0)
        {
            throw new InvalidOperationException($"No body found in {Path}.");
        }

        var depth = 0;
        for (var i = openBrace; i < Code.Length; i++)
        {
            if (Code[i] == '\'')
            {
                i = SkipString(Code, i) - 1;
                continue;
            }

            depth += Code[i] switch { '{' or '[' => 1, '}' or ']' => -1, _ => 0 };
            if (depth == 0)
            {
                return Code[openBrace..(i + 1)];
            }
        }

        throw new InvalidOperationException($"Unbalanced braces in {Path} after position {openBrace}.");
    }

    private static int CountOutsideStrings(string line, char character)
    {
        var count = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\'')
            {
                i = SkipString(line, i) - 1;
            }
            else if (line[i] == character)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The index just after the string literal starting at <paramref name="start"/> (a quote).</summary>
    private static int SkipString(string text, int start)
    {
        if (string.CompareOrdinal(text, start, "'''", 0, 3) == 0)
        {
            var end = text.IndexOf("'''", start + 3, StringComparison.Ordinal);
            return end < 0 ? text.Length : end + 3;
        }

        for (var i = start + 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '\'':
                    return i + 1;
                case '$' when i + 1 < text.Length && text[i + 1] == '{':
                    i = SkipInterpolation(text, i + 2) - 1;
                    break;
            }
        }

        return text.Length;
    }

    private static int SkipInterpolation(string text, int start)
    {
        var depth = 1;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                i = SkipString(text, i) - 1;
                continue;
            }

            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    private static string StripComments(string source)
    {
        var result = new StringBuilder(source.Length);
        for (var i = 0; i < source.Length;)
        {
            if (source[i] == '\'')
            {
                var end = SkipString(source, i);
                result.Append(source, i, end - i);
                i = end;
            }
            else if (string.CompareOrdinal(source, i, "//", 0, 2) == 0)
            {
                var end = source.IndexOf('\n', i);
                end = end < 0 ? source.Length : end;
                result.Append(' ', end - i);
                i = end;
            }
            else if (string.CompareOrdinal(source, i, "/*", 0, 2) == 0)
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + 2;
                foreach (var character in source.AsSpan(i, end - i))
                {
                    result.Append(character == '\n' ? '\n' : ' ');
                }

                i = end;
            }
            else
            {
                result.Append(source[i]);
                i++;
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+[\w.]+(?<default>\s*=)?", RegexOptions.Multiline)]
    private static partial Regex ParamRegex();

    [GeneratedRegex(@"^\s*'?(?<key>[A-Za-z_][\w.-]*)'?\s*:")]
    private static partial Regex KeyRegex();
}
