using System.Text.Encodings.Web;
using System.Text.Json;
using McpDoctor.Findings;

namespace McpDoctor.Output;

/// <summary>
/// The report for CI (--json): endpoint, exit code, findings (stage, id, outcome, observed, symptom, fix, clients) and
/// the verdicts, written with Utf8JsonWriter so the shape is exactly this and needs no reflection.
/// </summary>
internal static class JsonReportWriter
{
    public static string Write(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("endpoint", report.Endpoint);
            json.WriteNumber("exitCode", report.ExitCode);
            json.WriteStartArray("findings");
            foreach (var f in report.Findings)
            {
                json.WriteStartObject();
                json.WriteString("stage", f.Stage.ToString());
                json.WriteString("id", f.Id);
                json.WriteString("outcome", f.Outcome.ToString().ToUpperInvariant());
                json.WriteString("observed", f.Observed);
                json.WriteString("symptom", f.Symptom);
                json.WriteString("fix", f.Fix);
                json.WriteStartArray("clients");
                foreach (var client in ClientNames(f.Clients))
                {
                    json.WriteStringValue(client);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("verdicts");
            foreach (var v in report.Verdicts)
            {
                json.WriteStartObject();
                json.WriteString("client", v.Client);
                json.WriteString("outcome", v.Outcome.ToString().ToUpperInvariant());
                json.WriteString("summary", v.Summary);
                json.WriteStartArray("because");
                foreach (var id in v.Because)
                {
                    json.WriteStringValue(id);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IEnumerable<string> ClientNames(Clients clients)
    {
        if (clients.HasFlag(Clients.ClaudeAi))
        {
            yield return "Claude.ai";
        }

        if (clients.HasFlag(Clients.ClaudeCode))
        {
            yield return "Claude Code";
        }

        if (clients.HasFlag(Clients.ChatGpt))
        {
            yield return "ChatGPT";
        }

        if (clients.HasFlag(Clients.VsCode))
        {
            yield return "VS Code";
        }
    }
}
