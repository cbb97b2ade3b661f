namespace McpFunctions.Tests.McpDoctor;

/// <summary>What a hostile or broken target does to every request.</summary>
public enum Hostility
{
    HtmlEverywhere,
    MalformedJson,
    TenMegabytes,
    Hangs,
    RedirectLoop,
    SelfSignedTls,
    HtmlMetadata,
}
