namespace Smooven.Client.AspNetCore;

/// <summary>
/// A delivery whose signature checked out, as the webhook endpoint hands it to an
/// <see cref="ISmoovenWebhookBackplane"/>: the raw body and the signature header exactly as
/// received, so that another instance can check the signature again, and the parsed callback.
/// </summary>
public sealed class SmoovenVerifiedDelivery
{
    /// <summary>Creates a verified delivery.</summary>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Smooven-Signature</c> value it came with.</param>
    /// <param name="callback">The callback parsed from <paramref name="body"/>.</param>
    public SmoovenVerifiedDelivery(ReadOnlyMemory<byte> body, string signatureHeader, DeliveryCallback callback)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        ArgumentNullException.ThrowIfNull(callback);
        Body = body;
        SignatureHeader = signatureHeader;
        Callback = callback;
    }

    /// <summary>The raw body, exactly as received.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The <c>X-Smooven-Signature</c> value the body came with.</summary>
    public string SignatureHeader { get; }

    /// <summary>The parsed callback.</summary>
    public DeliveryCallback Callback { get; }
}
