namespace McpFunctions.Tests.Infra;

/// <summary>
/// The subset of YAML that azure.yaml uses: nested mappings of plain scalars by indentation, comments and
/// blank lines ignored. Anything else (sequences, flow style, multi-line scalars) is refused rather than guessed.
/// </summary>
internal static class SimpleYaml
{
    public static Dictionary<string, object> Parse(string text)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        var stack = new Stack<(int Indent, Dictionary<string, object> Map)>();
        stack.Push((-1, root));

        foreach (var (raw, number) in text.Split('\n').Select((line, index) => (line.TrimEnd('\r'), index + 1)))
        {
            var line = StripComment(raw);
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart(' ').Length;
            var content = line.Trim();
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            if (content.StartsWith('-') || colon <= 0)
            {
                throw new FormatException($"Line {number}: only 'key: value' mappings are supported, not '{content}'.");
            }

            while (stack.Peek().Indent >= indent)
            {
                stack.Pop();
            }

            var key = content[..colon].Trim();
            var value = Unquote(content[(colon + 1)..].Trim());
            if (value.Length == 0)
            {
                var child = new Dictionary<string, object>(StringComparer.Ordinal);
                stack.Peek().Map[key] = child;
                stack.Push((indent, child));
            }
            else
            {
                stack.Peek().Map[key] = value;
            }
        }

        return root;
    }

    private static string StripComment(string line)
    {
        // A '#' starts a comment at the line start or after whitespace, outside quotes.
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var character = line[i];
            if (quote != '\0')
            {
                quote = character == quote ? '\0' : quote;
            }
            else if (character is '"' or '\'')
            {
                quote = character;
            }
            else if (character == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
