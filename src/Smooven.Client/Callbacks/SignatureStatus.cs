namespace Smooven.Client;

/// <summary>The result of checking a callback's <c>X-Smooven-Signature</c> header.</summary>
public enum SignatureStatus
{
    /// <summary>A v1 signature matches a configured key and the timestamp is within tolerance.</summary>
    Valid,

    /// <summary>The header is absent or empty.</summary>
    MissingHeader,

    /// <summary>The header has no usable <c>t</c>, no <c>v1</c> entry, or is too long.</summary>
    MalformedHeader,

    /// <summary><c>t</c> is further from now than the tolerance allows, in the past or the future.</summary>
    TimestampOutsideTolerance,

    /// <summary>No <c>v1</c> entry matches any configured key over this body.</summary>
    NoMatchingSignature,
}
