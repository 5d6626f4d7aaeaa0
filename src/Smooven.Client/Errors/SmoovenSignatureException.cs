namespace Smooven.Client;

/// <summary>
/// A callback's <c>X-Smooven-Signature</c> did not prove it came from Smooven.
/// <see cref="Status"/> says why.
/// </summary>
public class SmoovenSignatureException : SmoovenException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public SmoovenSignatureException()
        : base("The callback signature is not valid.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SmoovenSignatureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public SmoovenSignatureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a failed check, with a message that explains the status.</summary>
    public SmoovenSignatureException(SignatureStatus status)
        : base(Describe(status))
    {
        Status = status;
    }

    /// <summary>Why the signature was refused.</summary>
    public SignatureStatus Status { get; }

    private static string Describe(SignatureStatus status) => status switch
    {
        SignatureStatus.MissingHeader => "The callback has no X-Smooven-Signature header. Requests that do not come from Smooven must be refused.",
        SignatureStatus.MalformedHeader => "The X-Smooven-Signature header is malformed: it needs t=<unix seconds> and at least one v1=<hex digest>.",
        SignatureStatus.TimestampOutsideTolerance => "The callback was signed too long ago or too far in the future. Check the server clock, or raise SmoovenClientOptions.SignatureTolerance.",
        SignatureStatus.NoMatchingSignature => "No v1 signature matches any configured secret key. Check SmoovenClientOptions.SecretKey (and AdditionalSecretKeys during a key rotation).",
        _ => $"The callback signature is not valid ({status}).",
    };
}
