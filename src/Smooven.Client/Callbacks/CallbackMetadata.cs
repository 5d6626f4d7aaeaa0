using System.Text;
using System.Text.Json.Serialization;

namespace Smooven.Client;

/// <summary>The notify request a status callback belongs to, echoed back by Smooven.</summary>
public sealed class CallbackMetadata
{
    // An ASCII intent is kept as its bytes until asked for: half the memory of a string, and a
    // callback kept for a wait to come (or for duplicate detection) may live for a long while.
    // One field holds either form, so a reader racing the first decoding never sees neither.
    private object? _intent;

    [JsonConstructor]
    internal CallbackMetadata(string? intent, Urgency? urgency)
    {
        _intent = intent;
        Urgency = urgency;
    }

    internal CallbackMetadata(byte[] asciiIntent, Urgency? urgency)
    {
        _intent = asciiIntent;
        Urgency = urgency;
    }

    /// <summary>The intent the notification was sent with.</summary>
    public string? Intent
    {
        get
        {
            var intent = _intent;
            if (intent is byte[] ascii)
            {
                // Racing readers each decode the same text: harmless.
                intent = Encoding.ASCII.GetString(ascii);
                _intent = intent;
            }

            return (string?)intent;
        }
    }

    /// <summary>The urgency the notification was sent with.</summary>
    public Urgency? Urgency { get; }
}
