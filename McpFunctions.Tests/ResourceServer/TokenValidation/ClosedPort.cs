using System.Net;
using System.Net.Sockets;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>A loopback port nothing listens on: connecting to it is refused at once, like an IdP that is down.</summary>
internal static class ClosedPort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
