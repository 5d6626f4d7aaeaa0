namespace Smooven.Client;

/// <summary>The notify request a status callback belongs to, echoed back by Smooven.</summary>
public sealed class CallbackMetadata
{
    internal CallbackMetadata(string? intent, Urgency? urgency)
    {
        Intent = intent;
        Urgency = urgency;
    }

    /// <summary>The intent the notification was sent with.</summary>
    public string? Intent { get; }

    /// <summary>The urgency the notification was sent with.</summary>
    public Urgency? Urgency { get; }
}
