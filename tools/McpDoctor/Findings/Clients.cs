namespace McpDoctor.Findings;

/// <summary>The clients a finding matters to; a per-client verdict is the worst finding that names it.</summary>
[Flags]
internal enum Clients
{
    None = 0,
    ClaudeAi = 1,
    ClaudeCode = 2,
    ChatGpt = 4,
    VsCode = 8,
    All = ClaudeAi | ClaudeCode | ChatGpt | VsCode,
}
