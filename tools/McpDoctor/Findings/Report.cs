namespace McpDoctor.Findings;

/// <summary>Everything one run found, in the order it was found, with the per-client verdicts derived from it.</summary>
internal sealed class Report(string endpoint, IReadOnlyList<Finding> findings)
{
    private static readonly (Clients Flag, string Name)[] KnownClients =
    [
        (Clients.ClaudeAi, "Claude.ai"),
        (Clients.ClaudeCode, "Claude Code"),
        (Clients.ChatGpt, "ChatGPT"),
        (Clients.VsCode, "VS Code"),
    ];

    public string Endpoint { get; } = endpoint;

    public IReadOnlyList<Finding> Findings { get; } = findings;

    public bool Failed => Findings.Any(f => f.Outcome == Outcome.Fail);

    /// <summary>0 only when nothing failed: a warning is something to fix, not a broken connection.</summary>
    public int ExitCode => Failed ? 1 : 0;

    /// <summary>The ids of every finding that is not a pass or a skip: the pitfalls this run named.</summary>
    public IReadOnlyList<string> Problems => [.. Findings.Where(f => f.Outcome is Outcome.Warn or Outcome.Fail).Select(f => f.Id)];

    public IReadOnlyList<ClientVerdict> Verdicts => [.. KnownClients.Select(c => VerdictFor(c.Flag, c.Name))];

    private ClientVerdict VerdictFor(Clients client, string name)
    {
        var relevant = Findings.Where(f => f.Clients.HasFlag(client)).ToList();
        var failures = relevant.Where(f => f.Outcome == Outcome.Fail).Select(f => f.Id).ToList();
        if (failures.Count > 0)
        {
            return new ClientVerdict(name, Outcome.Fail, "will not connect or will lose its tools", failures);
        }

        var warnings = relevant.Where(f => f.Outcome == Outcome.Warn).Select(f => f.Id).ToList();
        if (warnings.Count > 0)
        {
            return new ClientVerdict(name, Outcome.Warn, "connects, with the problems listed", warnings);
        }

        var skipped = relevant.Count(f => f.Outcome == Outcome.Skip);
        return new ClientVerdict(name, Outcome.Pass, skipped == 0 ? "connects" : $"connects as far as checked ({skipped} checks skipped)", []);
    }
}
