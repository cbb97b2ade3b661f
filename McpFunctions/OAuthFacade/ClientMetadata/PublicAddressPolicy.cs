using System.Net;
using System.Net.Sockets;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// Which IP addresses a Client ID Metadata Document may be fetched from: public unicast only. The client id
/// URL is chosen by whoever starts an authorization request, so without this the façade could be made to
/// call its own instance metadata service, storage emulator or intranet (draft-ietf-oauth-client-id-metadata-document
/// "Server-Side Request Forgery"; MCP security best practices "SSRF").
/// </summary>
internal static class PublicAddressPolicy
{
    /// <summary>IPv4 ranges that are not public (RFC 6890 special-purpose registry and RFC 6598 shared space).</summary>
    private static readonly (uint Network, int PrefixLength)[] NonPublicV4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8 "this network"
        (0x0A000000, 8),   // 10.0.0.0/8 private (RFC 1918)
        (0x64400000, 10),  // 100.64.0.0/10 carrier-grade NAT (RFC 6598)
        (0x7F000000, 8),   // 127.0.0.0/8 loopback
        (0xA9FE0000, 16),  // 169.254.0.0/16 link-local, including the cloud metadata endpoint 169.254.169.254
        (0xAC100000, 12),  // 172.16.0.0/12 private
        (0xC0000000, 24),  // 192.0.0.0/24 IETF protocol assignments
        (0xC0000200, 24),  // 192.0.2.0/24 documentation
        (0xC0586300, 24),  // 192.88.99.0/24 6to4 relay anycast
        (0xC0A80000, 16),  // 192.168.0.0/16 private
        (0xC6120000, 15),  // 198.18.0.0/15 benchmarking
        (0xC6336400, 24),  // 198.51.100.0/24 documentation
        (0xCB007100, 24),  // 203.0.113.0/24 documentation
        (0xE0000000, 4),   // 224.0.0.0/4 multicast
        (0xF0000000, 4),   // 240.0.0.0/4 reserved, and 255.255.255.255 broadcast
    ];

    /// <summary>True for a public unicast address; every loopback, private, link-local, shared, multicast or reserved one is false.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsPublicV4(address);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        // An IPv4 address in IPv6 clothing is judged as the IPv4 address it reaches (::ffff:10.0.0.1 is private).
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublicV4(address.MapToIPv4());
        }

        var bytes = address.GetAddressBytes();
        if (IPAddress.IPv6Any.Equals(address) || IPAddress.IPv6Loopback.Equals(address))
        {
            return false;
        }

        return bytes[0] switch
        {
            0xFF => false,                                            // ff00::/8 multicast
            0xFC or 0xFD => false,                                    // fc00::/7 unique local (ULA)
            0xFE when (bytes[1] & 0xC0) is 0x80 or 0xC0 => false,     // fe80::/10 link-local, fec0::/10 site-local
            0x00 => false,                                            // ::/8 reserved: unspecified, loopback, IPv4-compatible, and 64:ff9b::/96 NAT64
            0x01 when bytes[1] == 0 && AllZero(bytes, 2, 6) => false, // 100::/64 discard-only
            0x20 when bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 => false, // 2001:db8::/32 documentation
            0x20 when bytes[1] == 0x01 && bytes[2] == 0x00 && bytes[3] == 0x00 => false, // 2001::/32 Teredo tunnels to arbitrary IPv4
            0x20 when bytes[1] == 0x02 => IsPublicV4(new IPAddress(bytes.AsSpan(2, 4))), // 2002::/16 6to4 embeds an IPv4 address
            _ => true,
        };
    }

    /// <summary>Loopback only (127.0.0.0/8, ::1): what the test-only setting additionally allows.</summary>
    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    private static bool IsPublicV4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        foreach (var (network, prefixLength) in NonPublicV4)
        {
            var mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
            if ((value & mask) == network)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllZero(byte[] bytes, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }

        return true;
    }
}
