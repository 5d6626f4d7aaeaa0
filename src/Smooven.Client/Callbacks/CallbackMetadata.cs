using System.Text;

namespace Smooven.Client;

/// <summary>The notify request a status callback belongs to, echoed back by Smooven.</summary>
public sealed class CallbackMetadata
{
    // A parsed intent is kept as the UTF-8 it arrived in and made a string when first read: it is
    // often the longest text of a callback, the tracker's history keeps every callback for up to an
    // hour, and few applications read the intent back. UTF-8 takes half the bytes of a string for
    // most text, and the webhook endpoint saves the decoding.
    private readonly byte[]? _utf8Intent;
    private string? _intent;

    internal CallbackMetadata(string? intent, Urgency? urgency)
    {
        _intent = intent;
        Urgency = urgency;
    }

    internal CallbackMetadata(byte[]? utf8Intent, Urgency? urgency)
    {
        _utf8Intent = utf8Intent;
        Urgency = urgency;
    }

    /// <summary>The intent the notification was sent with.</summary>
    public string? Intent => _intent ?? DecodeIntent();

    /// <summary>The urgency the notification was sent with.</summary>
    public Urgency? Urgency { get; }

    // Every read returns the same string, also when two threads decode it at once.
    private string? DecodeIntent()
    {
        if (_utf8Intent is null)
        {
            return null;
        }

        return LazyInitializer.EnsureInitialized(ref _intent, () => Encoding.UTF8.GetString(_utf8Intent));
    }
}
