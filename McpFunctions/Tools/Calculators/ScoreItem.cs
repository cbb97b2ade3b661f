namespace McpFunctions.Tools.Calculators;

/// <summary>One criterion of a points-based score, so a reader can check how the total was reached.</summary>
/// <param name="Name">Stable key of the criterion, e.g. <c>hypertension</c>.</param>
/// <param name="Label">The criterion as the publication words it, with its letter in the acronym.</param>
/// <param name="Present">Whether the patient meets the criterion.</param>
/// <param name="Points">Points awarded: the criterion's weight when present, otherwise 0.</param>
internal sealed record ScoreItem(string Name, string Label, bool Present, int Points)
{
    public static ScoreItem Of(string name, string label, bool present, int weight) =>
        new(name, label, present, present ? weight : 0);
}
