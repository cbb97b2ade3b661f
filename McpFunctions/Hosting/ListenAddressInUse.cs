using Microsoft.AspNetCore.Connections;

namespace McpFunctions.Hosting;

/// <summary>
/// "Port in use" as one line that names the address and how to choose another, instead of the host's error log
/// and an unhandled exception with two stack traces. The launch profile's <c>applicationUrl</c> overrides
/// <c>ASPNETCORE_URLS</c> under <c>dotnet run</c>; <c>--urls</c> on the command line overrides both.
/// </summary>
internal static class ListenAddressInUse
{
    /// <summary>The host category whose "Hosting failed to start" error would repeat the exception with its stack trace.</summary>
    public const string HostLogCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static bool Matches(Exception exception) =>
        exception is IOException { InnerException: AddressInUseException };

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        // Kestrel's message is "Failed to bind to address <url>: address already in use."
        const string Prefix = "Failed to bind to address ";
        var message = exception.Message;
        var address = message.StartsWith(Prefix, StringComparison.Ordinal) && message.IndexOf(": ", Prefix.Length, StringComparison.Ordinal) is > 0 and var end
            ? message[Prefix.Length..end]
            : "the listen address";
        return $"{address} is already in use by another process. Choose another port with --urls, e.g. " +
               "`dotnet run --project McpFunctions -- --urls http://127.0.0.1:7072` (the launch profile overrides ASPNETCORE_URLS; " +
               "--urls overrides both), or stop the process that holds it.";
    }
}
