using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.Docs;

/// <summary>
/// docs/log-events.md lists every event the app can log exactly once, with the level and message the code has and a
/// meaning, and the ids are unique — read by reflection from every <see cref="LoggerMessageAttribute"/> in the app.
/// With <c>MCP_WRITE_LOG_EVENTS=1</c> the test rewrites the id, level and message columns from the code first, keeping
/// the meanings (a new event gets an empty meaning, which still fails until it is written).
/// </summary>
public sealed partial class LogEventCatalogueTests
{
    private static readonly string CataloguePath = RepositoryPaths.InRoot("docs", "log-events.md");

    private static readonly (int From, int To, string Title)[] Areas =
    [
        (1, 999, "Start-up"),
        (1000, 1999, "MCP endpoint, sessions and tools"),
        (2000, 2999, "Resource server: tokens and access"),
        (3000, 3999, "Table Storage and the session store"),
        (4000, 4999, "Expired-row purge"),
        (5000, 5999, "OAuth façade (authorization server)"),
    ];

    [Fact]
    public void EveryEventId_IsUnique_AndListedOnce_WithItsLevelMessageAndMeaning()
    {
        // Arrange
        var events = EventsInCode();
        if (Environment.GetEnvironmentVariable("MCP_WRITE_LOG_EVENTS") == "1")
        {
            Rewrite(events);
        }

        // Act
        var rows = Row().Matches(File.ReadAllText(CataloguePath)).Select(m => (Id: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Level: m.Groups[2].Value, Message: m.Groups[3].Value, Meaning: m.Groups[4].Value.Trim())).ToList();

        // Assert
        var duplicatesInCode = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.True(duplicatesInCode.Count == 0, "event ids used twice: " + string.Join("; ", duplicatesInCode));
        var duplicatesInDoc = rows.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicatesInDoc.Count == 0, "listed twice in docs/log-events.md: " + string.Join(", ", duplicatesInDoc));
        var missing = events.Where(e => rows.All(r => r.Id != e.Id)).Select(e => $"{e.Id} ({e.Method})").ToList();
        Assert.True(missing.Count == 0, "not in docs/log-events.md (run with MCP_WRITE_LOG_EVENTS=1, then write the meaning): " + string.Join(", ", missing));
        var stale = rows.Where(r => events.All(e => e.Id != r.Id)).Select(r => r.Id).ToList();
        Assert.True(stale.Count == 0, "in docs/log-events.md but logged nowhere: " + string.Join(", ", stale));
        foreach (var row in rows)
        {
            var code = events.Single(e => e.Id == row.Id);
            Assert.True(code.Level == row.Level, $"{row.Id}: level {row.Level} in the doc, {code.Level} in {code.Method}");
            Assert.True(code.Message == row.Message, $"{row.Id}: message in the doc differs from {code.Method}:\n{row.Message}\n{code.Message}");
            Assert.False(string.IsNullOrWhiteSpace(row.Meaning), $"{row.Id} ({code.Method}) has no meaning in docs/log-events.md");
        }

        Assert.True(events.Count >= 100, $"only {events.Count} events found by reflection");
    }

    private static List<(int Id, string Level, string Message, string Method)> EventsInCode() =>
        [.. typeof(McpFunctions.Tools.ToolResultText).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, LevelName(x.Attribute.Level), x.Attribute.Message, $"{x.Method.DeclaringType!.FullName}.{x.Method.Name}"))
            .OrderBy(e => e.EventId)];

    // A [LoggerMessage] without a level takes it as a parameter: the app picks it per environment.
    private static string LevelName(LogLevel level) => level == LogLevel.None ? "varies" : level.ToString();

    private static void Rewrite(List<(int Id, string Level, string Message, string Method)> events)
    {
        var text = File.ReadAllText(CataloguePath);
        var meanings = Row().Matches(text).ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups[4].Value.Trim());
        var head = text[..text.IndexOf("\n## ", StringComparison.Ordinal)];
        var output = new StringBuilder(head).Append('\n');
        foreach (var (from, to, title) in Areas)
        {
            output.Append($"## {from}–{to}: {title}\n\n| id | level | message | meaning and what to do |\n|---:|---|---|---|\n");
            foreach (var e in events.Where(e => e.Id >= from && e.Id <= to))
            {
                output.Append($"| {e.Id} | {e.Level} | `{e.Message}` | {meanings.GetValueOrDefault(e.Id, string.Empty)} |\n");
            }

            output.Append('\n');
        }

        File.WriteAllText(CataloguePath, output.ToString().TrimEnd('\n') + "\n");
    }

    [GeneratedRegex(@"^\| (\d+) \| (\w+) \| `(.*)` \| (.*)\|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
