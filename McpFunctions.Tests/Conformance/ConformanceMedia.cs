using System.Buffers.Binary;

namespace McpFunctions.Tests.Conformance;

/// <summary>The smallest valid media the conformance scenarios accept: a 1×1 red PNG and a short silent WAV.</summary>
internal static class ConformanceMedia
{
    public const string PngMimeType = "image/png";

    public const string WavMimeType = "audio/wav";

    /// <summary>1×1 RGB PNG, one red pixel (IHDR, IDAT, IEND with valid CRCs).</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4z8AAAAMBAQD3A0FDAAAAAElFTkSuQmCC");

    /// <summary>RIFF/WAVE, PCM 8 kHz 8-bit mono, eight samples of silence (128 is the 8-bit PCM midpoint).</summary>
    public static readonly byte[] Wav = CreateSilentWav(sampleRate: 8000, samples: 8);

    private static byte[] CreateSilentWav(int sampleRate, int samples)
    {
        const int HeaderLength = 44;
        var wav = new byte[HeaderLength + samples];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], wav.Length - 8);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16); // fmt chunk size
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate); // byte rate = rate × 1 byte per frame
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 1); // block align
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 8); // bits per sample
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples);
        span[HeaderLength..].Fill(128);
        return wav;
    }
}
