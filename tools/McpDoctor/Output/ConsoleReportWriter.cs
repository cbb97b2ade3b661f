using McpDoctor.Findings;
using Spectre.Console;

namespace McpDoctor.Output;

/// <summary>The report for a person: one table per stage (outcome, check, observed; symptom and fix under each problem), then the verdict per client.</summary>
internal static class ConsoleReportWriter
{
    public static void Write(IAnsiConsole console, Report report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        console.Write(new Rule($"[bold]mcp-doctor[/] {Markup.Escape(report.Endpoint)}").LeftJustified());
        foreach (var group in report.Findings.GroupBy(f => f.Stage))
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{group.Key}[/]").Expand();
            table.AddColumn(new TableColumn("").Width(6));
            table.AddColumn("check");
            table.AddColumn("observed");
            foreach (var finding in group)
            {
                var observed = Markup.Escape(finding.Observed);
                if (finding.Outcome is Outcome.Warn or Outcome.Fail)
                {
                    observed += $"\n[italic]symptom:[/] {Markup.Escape(finding.Symptom)}\n[italic]fix:[/] {Markup.Escape(finding.Fix)}";
                }

                table.AddRow(Badge(finding.Outcome), Markup.Escape(finding.Id), observed);
            }

            console.Write(table);
        }

        var verdicts = new Table().Border(TableBorder.Rounded).Title("[bold]Verdict per client[/]").Expand();
        verdicts.AddColumn("client");
        verdicts.AddColumn(new TableColumn("").Width(6));
        verdicts.AddColumn("verdict");
        foreach (var verdict in report.Verdicts)
        {
            verdicts.AddRow(Markup.Escape(verdict.Client), Badge(verdict.Outcome), Markup.Escape(verdict.Summary + (verdict.Because.Count > 0 ? ": " + string.Join(", ", verdict.Because) : "")));
        }

        console.Write(verdicts);
        var counts = report.Findings.GroupBy(f => f.Outcome).ToDictionary(g => g.Key, g => g.Count());
        console.MarkupLine($"{counts.GetValueOrDefault(Outcome.Pass)} passed, {counts.GetValueOrDefault(Outcome.Warn)} warnings, {counts.GetValueOrDefault(Outcome.Fail)} failed, {counts.GetValueOrDefault(Outcome.Skip)} skipped");
    }

    private static string Badge(Outcome outcome) => outcome switch
    {
        Outcome.Pass => "[green]PASS[/]",
        Outcome.Warn => "[yellow]WARN[/]",
        Outcome.Fail => "[red]FAIL[/]",
        _ => "[grey]SKIP[/]",
    };
}
