using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Smooven.Client;

/// <summary>
/// Signs a callback body the way Smooven does, for the emulator and for your own tests of a
/// webhook receiver.
/// </summary>
public static class CallbackSigner
{
    /// <summary>Builds an <c>X-Smooven-Signature</c> value: <c>t={unix seconds},v1={hex HMAC-SHA256}</c>.</summary>
    /// <param name="secretKey">The secret key to sign with.</param>
    /// <param name="body">The exact bytes that will be sent as the request body.</param>
    /// <param name="timestamp">The signing time; only whole seconds are used.</param>
    /// <returns>The header value.</returns>
    public static string CreateHeader(string secretKey, ReadOnlySpan<byte> body, DateTimeOffset timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={ComputeV1(secretKey, t, body)}";
    }

    internal static string ComputeV1(string secretKey, string t, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secretKey));
        hmac.AppendData(Encoding.ASCII.GetBytes(t + "."));
        hmac.AppendData(body);
        Span<byte> digest = stackalloc byte[32];
        hmac.GetHashAndReset(digest);
#if NET9_0_OR_GREATER
        return Convert.ToHexStringLower(digest);
#else
        return Convert.ToHexString(digest).ToLowerInvariant();
#endif
    }
}
