namespace McpDoctor.Http;

/// <summary>
/// A request the doctor wants to make, kept as plain values so it can be re-sent on a redirect.
/// <paramref name="Authenticate"/> only asks for the user's token: <see cref="EndpointOnlyAuthorizationHandler"/>
/// decides whether it is attached.
/// </summary>
internal sealed record ProbeRequest(HttpMethod Method, Uri Url)
{
    public string? Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    public bool Authenticate { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Redirects are followed (up to the limit) unless this is false, e.g. for the authorization endpoint.</summary>
    public bool FollowRedirects { get; init; } = true;

    /// <summary>Read only the status and headers (a GET that may open an event stream).</summary>
    public bool HeadersOnly { get; init; }

    public ProbeRequest WithHeader(string name, string value) => this with { Headers = [.. Headers, new(name, value)] };
}
