using System.Buffers;
using System.Text.Json;

namespace McpFunctions.Tools.Calculators;

/// <summary>
/// Builds standalone <see cref="JsonElement"/> scalars for <see cref="InputUsed.Value"/> with a
/// <see cref="Utf8JsonWriter"/>, so no reflection-based serializer is involved.
/// </summary>
internal static class JsonValues
{
    public static JsonElement Number(double value) => Write(w => w.WriteNumberValue(value));

    public static JsonElement Boolean(bool value) => Write(w => w.WriteBooleanValue(value));

    public static JsonElement String(string value) => Write(w => w.WriteStringValue(value));

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
