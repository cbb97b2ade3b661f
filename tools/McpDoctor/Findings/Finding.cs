namespace McpDoctor.Findings;

/// <summary>
/// One line of the report: what was checked, what was seen, what a user of the affected clients notices and what
/// the server owner changes. <paramref name="Observed"/> never holds a token or a secret (see <see cref="Output.Mask"/>).
/// </summary>
internal sealed record Finding(Stage Stage, string Id, Outcome Outcome, string Observed, string Symptom, string Fix, Clients Clients);
