using System.Text.Json;
using System.Text.Unicode;

namespace McpFunctions.Hosting;

/// <summary>
/// One pass over a JSON body before anything is materialised, so every later reader (JsonNode, JsonElement,
/// the serializer, the MCP SDK's binders) only ever sees JSON whose strings are real text and whose objects
/// have one value per name. System.Text.Json accepts both defects while parsing and fails later, on first
/// access, with an InvalidOperationException (a lone surrogate escape such as <c>"\ud800"</c>: RFC 8259 §8.2
/// leaves its meaning unpredictable) or an ArgumentException (a duplicate member name: RFC 8259 §4 says the
/// names SHOULD be unique, I-JSON, RFC 7493 §2.3, says MUST). Both reached clients as 500s; rejecting them here
/// makes the whole class impossible for the readers behind this check.
/// </summary>
internal static class JsonInputValidator
{
    /// <summary>The nesting limit every reader of client JSON uses.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    public static JsonInputProblem Validate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var scopes = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        scopes.Push(null);
                        break;
                    case JsonTokenType.StartArray:
                        // Arrays have no names; a marker keeps the stack aligned with the nesting.
                        scopes.Push(null);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!IsWellFormedText(reader.ValueSpan, reader.ValueIsEscaped))
                        {
                            return JsonInputProblem.InvalidString;
                        }

                        var names = scopes.Pop() ?? new HashSet<string>(StringComparer.Ordinal);
                        if (!names.Add(reader.GetString()!))
                        {
                            return JsonInputProblem.DuplicateMember;
                        }

                        scopes.Push(names);
                        break;
                    case JsonTokenType.String:
                        if (!IsWellFormedText(reader.ValueSpan, reader.ValueIsEscaped))
                        {
                            return JsonInputProblem.InvalidString;
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return JsonInputProblem.Malformed;
        }

        return JsonInputProblem.None;
    }

    /// <summary>Problems as the words a client reads (no reader internals).</summary>
    public static string Describe(JsonInputProblem problem) => problem switch
    {
        JsonInputProblem.Malformed => "the body is not valid JSON",
        JsonInputProblem.InvalidString => "a string is not valid Unicode text (a lone UTF-16 surrogate escape or invalid UTF-8)",
        JsonInputProblem.DuplicateMember => "an object has the same member name twice",
        _ => "the body is valid",
    };

    /// <summary>
    /// Raw UTF-8 must be valid, and every <c>\uXXXX</c> escape of a surrogate must be a high surrogate immediately
    /// followed by an escaped low surrogate (RFC 8259 §7), which is what System.Text.Json needs to decode it.
    /// </summary>
    private static bool IsWellFormedText(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!Utf8.IsValid(raw))
        {
            return false;
        }

        if (!escaped)
        {
            return true;
        }

        for (var i = raw.IndexOf((byte)'\\'); i >= 0 && i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                continue;
            }

            // The reader has checked the escape syntax; only \u escapes carry code units.
            if (raw[i + 1] != 'u')
            {
                i++;
                continue;
            }

            var unit = ReadHex(raw.Slice(i + 2, 4));
            i += 5;
            if (char.IsLowSurrogate((char)unit))
            {
                return false;
            }

            if (!char.IsHighSurrogate((char)unit))
            {
                continue;
            }

            if (i + 6 >= raw.Length || raw[i + 1] != '\\' || raw[i + 2] != 'u' || !char.IsLowSurrogate((char)ReadHex(raw.Slice(i + 3, 4))))
            {
                return false;
            }

            i += 6;
        }

        return true;
    }

    private static int ReadHex(ReadOnlySpan<byte> four)
    {
        var value = 0;
        foreach (var digit in four)
        {
            value = (value << 4) | digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                _ => digit - 'A' + 10,
            };
        }

        return value;
    }
}
