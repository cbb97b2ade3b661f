namespace McpDoctor.Findings;

/// <summary>Whether one client will connect: the worst outcome among the findings that name it, and the ids that decided it.</summary>
internal sealed record ClientVerdict(string Client, Outcome Outcome, string Summary, IReadOnlyList<string> Because);
