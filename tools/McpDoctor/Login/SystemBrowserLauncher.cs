using System.Diagnostics;

namespace McpDoctor.Login;

/// <summary>Prints the URL (always: a terminal without a desktop is common) and tries to open the system browser.</summary>
internal sealed class SystemBrowserLauncher : IBrowserLauncher
{
    public Task OpenAsync(Uri authorizationUrl, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("Sign in to continue. If no browser opens, open this URL:");
        Console.Error.WriteLine(authorizationUrl.AbsoluteUri);
        var opener = OperatingSystem.IsWindows() ? "explorer.exe" : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener, authorizationUrl.AbsoluteUri) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No opener on this machine: the printed URL is the way.
        }

        return Task.CompletedTask;
    }
}
