using System.Text;
using System.Text.Json;

namespace Smooven.Client.Serialization;

/// <summary>
/// Matches a JSON string token against the values an extensible enum names, without allocating a
/// string: a known value comes back as the shared instance, which also makes comparing it with the
/// named value a single reference check.
/// </summary>
internal static class KnownWireValues<T>
    where T : struct, IExtensibleEnum<T>
{
    private static readonly (byte[] Utf8, T Value)[] Known =
        [.. T.KnownValues.Select(static value => (Encoding.UTF8.GetBytes(value.ToString() ?? string.Empty), value))];

    /// <summary>Whether the reader's current string token spells a known value exactly (escapes are undone first).</summary>
    public static bool TryMatch(ref Utf8JsonReader reader, out T value)
    {
        foreach (var (utf8, known) in Known)
        {
            if (reader.ValueTextEquals(utf8))
            {
                value = known;
                return true;
            }
        }

        value = default;
        return false;
    }
}
