namespace McpFunctions.Hosting;

/// <summary>What <see cref="JsonInputValidator"/> found wrong with a JSON body, if anything.</summary>
internal enum JsonInputProblem
{
    None,

    /// <summary>Not JSON at all (syntax, or nesting deeper than the limit).</summary>
    Malformed,

    /// <summary>A string or member name that cannot be decoded to text (lone surrogate escape, invalid UTF-8).</summary>
    InvalidString,

    /// <summary>An object, at any depth, that names the same member twice.</summary>
    DuplicateMember,
}
