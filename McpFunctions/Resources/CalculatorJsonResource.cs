using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Resources;

/// <summary>
/// A read-only JSON resource over the calculator catalogue: one fixed URI, or a URI template whose reads are
/// answered only for URIs that name something that exists — so an unknown calculator is the protocol's
/// "resource not found", decided in one place (<see cref="ResourceRegistry.Find"/> and the dispatcher), not an error
/// thrown from inside a read.
/// </summary>
internal sealed class CalculatorJsonResource(ResourceTemplate template, Func<string, string?> read) : McpServerResource
{
    public const string JsonMimeType = "application/json";

    public override ResourceTemplate ProtocolResourceTemplate { get; } = template;

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override bool IsMatch(string uri) => read(uri) is not null;

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.Params?.Uri ?? string.Empty;
        var text = read(uri) ?? throw new InvalidOperationException($"{ProtocolResourceTemplate.UriTemplate} was asked to read {uri}, which it does not match.");
        return ValueTask.FromResult(new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = uri, MimeType = JsonMimeType, Text = text }],
        });
    }
}
