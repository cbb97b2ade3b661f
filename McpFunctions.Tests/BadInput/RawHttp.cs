using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// Sends bytes HttpClient would never produce (broken chunked framing, a body shorter than its Content-Length)
/// over a plain socket and reads the answer, bounded by a timeout.
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, Dictionary<string, string> Headers, string Body)
    {
        public string? ContentType => Headers.TryGetValue("content-type", out var value) ? value : null;
    }

    public static async Task<Answer> SendAsync(Uri baseAddress, string head, byte[] body, bool halfClose)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n"), SocketFlags.None, timeout.Token);
        await socket.SendAsync(body, SocketFlags.None, timeout.Token);

        if (halfClose)
        {
            // The server sees the end of the request bytes (a body cut short) but can still answer.
            socket.Shutdown(SocketShutdown.Send);
        }

        using var received = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Parse(received.ToArray());
    }

    private static Answer Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new InvalidOperationException($"no HTTP answer: '{text}'");
        }

        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        // The head is ASCII, so its length in characters is its length in bytes; the body is cut from the bytes,
        // since chunk sizes count bytes and a page may hold multi-byte characters.
        var bodyBytes = raw.AsSpan(split + 4);
        var body = headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? Dechunk(bodyBytes)
            : Encoding.UTF8.GetString(bodyBytes);

        return new Answer(status, headers, body);
    }

    private static string Dechunk(ReadOnlySpan<byte> chunked)
    {
        var output = new List<byte>();
        var position = 0;
        while (position < chunked.Length)
        {
            var end = chunked[position..].IndexOf("\r\n"u8) + position;
            var sizeText = Encoding.ASCII.GetString(chunked[position..end]).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            output.AddRange(chunked.Slice(end + 2, size));
            position = end + 2 + size + 2;
        }

        return Encoding.UTF8.GetString([.. output]);
    }
}
