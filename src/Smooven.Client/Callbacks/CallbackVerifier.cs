using Microsoft.Extensions.Options;

namespace Smooven.Client;

/// <summary>
/// Checks that a callback came from Smooven: its <c>X-Smooven-Signature</c> is an HMAC-SHA256
/// of the raw body under one of your keys, signed within the tolerance. Thread-safe.
/// </summary>
public sealed class CallbackVerifier
{
    /// <summary>The header Smooven signs callbacks in.</summary>
    public const string SignatureHeaderName = "X-Smooven-Signature";

    private readonly TimeProvider _timeProvider;

    // Kept so the options subscription lives as long as the verifier.
    private readonly IDisposable? _optionsSubscription;

    private volatile VerificationKeys _keys;

    /// <summary>Creates a verifier for one key.</summary>
    /// <param name="secretKey">Your Smooven secret key.</param>
    /// <param name="tolerance">How far the signing time may be from now; 5 minutes when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException"><paramref name="secretKey"/> is empty or holds white space or control
    /// characters (surrounding white space, such as a line break read from a file, is refused, not trimmed).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public CallbackVerifier(string secretKey, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
        : this([secretKey], tolerance, timeProvider)
    {
    }

    /// <summary>Creates a verifier that accepts any of several keys, for a key rotation.</summary>
    /// <param name="secretKeys">The keys; a signature made with any of them is valid.</param>
    /// <param name="tolerance">How far the signing time may be from now; 5 minutes when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">No key is given, or one is empty or holds white space or control characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public CallbackVerifier(IEnumerable<string> secretKeys, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        _keys = VerificationKeys.Create(secretKeys, tolerance, nameof(secretKeys));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    // Follows the options so a rotated key applies without a restart (the DI path).
    internal CallbackVerifier(IOptionsMonitor<SmoovenClientOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _keys = VerificationKeys.FromOptions(options.CurrentValue);
        _optionsSubscription = options.OnChange(OnOptionsChanged);
    }

    /// <summary>
    /// How far a signature's signing time may be from now, either way, for <see cref="Check"/> to accept it:
    /// the tolerance given to the constructor, or <see cref="SmoovenClientOptions.SignatureTolerance"/> for the
    /// verifier <c>AddSmoovenClient</c> registers (its current value, as that verifier follows the options).
    /// </summary>
    public TimeSpan Tolerance => _keys.Tolerance;

    /// <summary>Checks a signature. Never throws, allocates nothing.</summary>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Smooven-Signature</c> value; empty when absent.</param>
    /// <returns>Why the signature is valid or not.</returns>
    public SignatureStatus Check(ReadOnlySpan<byte> body, ReadOnlySpan<char> signatureHeader) => CheckSignature(body, signatureHeader, checkAge: true);

    /// <summary>
    /// Checks a signature as <see cref="Check"/> does, except its age: for a callback that was
    /// verified when it arrived and is read back later from a store shared by several instances,
    /// such as a backplane, where the age check would refuse every older entry. Never use it on a
    /// request from the network: there the age check is what stops a replayed delivery.
    /// Never throws, allocates nothing.
    /// </summary>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Smooven-Signature</c> value it arrived with.</param>
    /// <returns>Why the signature is valid or not; never <see cref="SignatureStatus.TimestampOutsideTolerance"/>.</returns>
    public SignatureStatus CheckIgnoringAge(ReadOnlySpan<byte> body, ReadOnlySpan<char> signatureHeader) => CheckSignature(body, signatureHeader, checkAge: false);

    private SignatureStatus CheckSignature(ReadOnlySpan<byte> body, ReadOnlySpan<char> signatureHeader, bool checkAge)
    {
        Span<byte> digests = stackalloc byte[SignatureHeader.MaxEntries * SignatureHeader.DigestLength];
        var status = SignatureHeader.Parse(signatureHeader, digests, out var timestampText, out var timestamp, out var digestCount);
        if (status != SignatureStatus.Valid)
        {
            return status;
        }

        var keys = _keys;
        if (checkAge && !keys.IsWithinTolerance(timestamp, _timeProvider.GetUtcNow()))
        {
            return SignatureStatus.TimestampOutsideTolerance;
        }

        return digestCount > 0 && keys.Matches(timestampText, body, digests[..(digestCount * SignatureHeader.DigestLength)])
            ? SignatureStatus.Valid
            : SignatureStatus.NoMatchingSignature;
    }

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

    private void OnOptionsChanged(SmoovenClientOptions options, string? name)
    {
        // Named options belong to other clients; this verifier follows the default ones.
        if (name is not null && name != Options.DefaultName)
        {
            return;
        }

        VerificationKeys next;
        try
        {
            next = VerificationKeys.FromOptions(options);
        }
        catch (ArgumentException)
        {
            // Options validation reports unusable options; until they are fixed the keys in use stay.
            return;
        }

        var previous = Interlocked.Exchange(ref _keys, next);
        previous.Retire();
    }
}
