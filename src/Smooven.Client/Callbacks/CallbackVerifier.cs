namespace Smooven.Client;

/// <summary>
/// Checks that a callback came from Smooven: its <c>X-Smooven-Signature</c> is an HMAC-SHA256
/// of the raw body under one of your keys, signed within the tolerance. Thread-safe.
/// </summary>
public sealed class CallbackVerifier
{
    /// <summary>The header Smooven signs callbacks in.</summary>
    public const string SignatureHeaderName = "X-Smooven-Signature";

    /// <summary>Creates a verifier for one key.</summary>
    /// <param name="secretKey">Your Smooven secret key.</param>
    /// <param name="tolerance">How far the signing time may be from now; 5 minutes when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public CallbackVerifier(string secretKey, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
        : this([secretKey], tolerance, timeProvider)
    {
    }

    /// <summary>Creates a verifier that accepts any of several keys, for a key rotation.</summary>
    /// <param name="secretKeys">The keys; a signature made with any of them is valid.</param>
    /// <param name="tolerance">How far the signing time may be from now; 5 minutes when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public CallbackVerifier(IEnumerable<string> secretKeys, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        _ = secretKeys;
        _ = tolerance;
        _ = timeProvider;
    }

    // Follows the options so a rotated key applies without a restart (the DI path).
    internal CallbackVerifier(Microsoft.Extensions.Options.IOptionsMonitor<SmoovenClientOptions> options, TimeProvider timeProvider)
    {
        _ = options;
        _ = timeProvider;
    }

    /// <summary>Checks a signature. Never throws, allocates nothing.</summary>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Smooven-Signature</c> value; empty when absent.</param>
    /// <returns>Why the signature is valid or not.</returns>
    public SignatureStatus Check(ReadOnlySpan<byte> body, ReadOnlySpan<char> signatureHeader) => throw new NotImplementedException();

    /// <summary>Whether <see cref="Check"/> finds the signature valid.</summary>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Smooven-Signature</c> value.</param>
    /// <returns>True when valid.</returns>
    public bool IsValid(ReadOnlySpan<byte> body, ReadOnlySpan<char> signatureHeader) => Check(body, signatureHeader) == SignatureStatus.Valid;

    /// <summary>Checks the signature, then parses the callback.</summary>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Smooven-Signature</c> value.</param>
    /// <returns>The verified callback.</returns>
    /// <exception cref="SmoovenSignatureException">The signature is not valid; <see cref="SmoovenSignatureException.Status"/> says why.</exception>
    /// <exception cref="SmoovenCallbackFormatException">The body is validly signed but is not a callback.</exception>
    public DeliveryCallback Verify(ReadOnlySpan<byte> body, ReadOnlySpan<char> signatureHeader)
    {
        var status = Check(body, signatureHeader);
        if (status != SignatureStatus.Valid)
        {
            throw new SmoovenSignatureException(status);
        }

        return DeliveryCallback.Parse(body);
    }
}
