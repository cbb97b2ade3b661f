using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// The connect step of the metadata-document HTTP client: resolves the host itself, refuses it unless every
/// address is public (<see cref="PublicAddressPolicy"/>), and connects the socket to an address it vetted — so a
/// DNS answer that changes between a check and the connection (rebinding) cannot point the fetch inward.
/// </summary>
internal sealed class PublicAddressConnector(IOptions<FacadeOptions> options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowLoopback = options.Value.ClientMetadataDocuments.AllowLoopbackHostsForTesting;
        var refused = addresses.Where(a => !(PublicAddressPolicy.IsPublic(a) || (allowLoopback && PublicAddressPolicy.IsLoopback(a)))).ToList();
        if (addresses.Length == 0 || refused.Count > 0)
        {
            // All or nothing: a name with one private address among public ones is refused, not trimmed.
            throw new AddressNotAllowedException(
                $"{host} resolves to {(addresses.Length == 0 ? "nothing" : string.Join(", ", refused))}, which is not a public address");
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
