namespace Smooven.Client;

/// <summary>Who a status callback is about, and the address Smooven reached them on.</summary>
public sealed class CallbackRecipient
{
    internal CallbackRecipient(string? userId, string? channelAddress)
    {
        UserId = userId;
        ChannelAddress = channelAddress;
    }

    /// <summary>The recipient's <c>user_id</c>, as given in the notify request's context.</summary>
    public string? UserId { get; }

    /// <summary>The phone number, email address or device the channel used.</summary>
    public string? ChannelAddress { get; }
}
