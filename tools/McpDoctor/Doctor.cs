using McpDoctor.Checks;
using McpDoctor.Findings;
using McpDoctor.Http;
using McpDoctor.Login;

namespace McpDoctor;

/// <summary>Runs the stages in the order a client meets them, inside the overall time budget, and returns the report.</summary>
internal static class Doctor
{
    private static readonly (Stage Stage, IDoctorCheck Check)[] Checks =
    [
        (Stage.Reachability, new ReachabilityCheck()),
        (Stage.Discovery, new DiscoveryCheck()),
        (Stage.Registration, new RegistrationCheck()),
        (Stage.Authorization, new AuthorizationCheck()),
        (Stage.Transport, new TransportCheck()),
        (Stage.Cors, new CorsCheck()),
        (Stage.IdentityProvider, new IdentityProviderCheck()),
    ];

    public static async Task<Report> RunAsync(DoctorSettings settings, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var tokens = new TokenHolder();
        using var http = new ProbeHttp(settings.Endpoint, tokens, settings.Limits, handler);
        var context = new DoctorContext(settings, http, tokens);
        using var listener = settings.Login && settings.Token is null ? new LoopbackRedirectListener() : null;
        if (listener is not null)
        {
            context.Listener = listener;
            context.LoopbackPort = listener.Port;
        }

        // The sign-in waits on a person, so it gets its own time on top of the budget.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.Limits.Budget + (listener is null ? TimeSpan.Zero : settings.LoginTimeout));
        foreach (var (stage, check) in Checks)
        {
            if (context.Unreachable is not null && stage != Stage.Reachability)
            {
                context.Skip(stage, stage.ToString().ToLowerInvariant(), "not checked: the endpoint could not be reached");
                continue;
            }

            try
            {
                await check.RunAsync(context, budget.Token);
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                context.Fail(stage, "doctor.budget", $"the overall time budget ({settings.Limits.Budget.TotalSeconds:0} s) ran out during {stage}",
                    "The server is too slow for clients that give up after a few seconds.", "Make every discovery and MCP request answer within a few seconds.");
                break;
            }
        }

        return new Report(settings.Endpoint.AbsoluteUri, context.Findings);
    }
}
