using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Smooven.Client.Testing.Tests.Support;

/// <summary>
/// Checks X-Smooven-Signature with the framework's HMACSHA256 directly, not with the SDK's
/// signer or verifier, so a test of the emulator does not grade the SDK's homework with itself.
/// Its correctness is pinned by the wire-contract test vector (see SignatureVectorTests).
/// </summary>
internal static class IndependentSignature
{
    public static string ComputeV1(string secretKey, long t, byte[] body)
    {
        var message = Encoding.ASCII.GetBytes(t.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();
        return Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), message)).ToLowerInvariant();
    }

    /// <summary>Splits <c>t=...,v1=...</c> into its timestamp and v1 digests.</summary>
    public static (long T, IReadOnlyList<string> V1) Parse(string header)
    {
        long? t = null;
        var v1 = new List<string>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair[0] == "t")
            {
                t = long.Parse(pair[1], CultureInfo.InvariantCulture);
            }
            else if (pair[0] == "v1")
            {
                v1.Add(pair[1]);
            }
        }

        return (t ?? throw new FormatException($"No t in '{header}'."), v1);
    }

    public static bool IsValid(string secretKey, string header, byte[] body)
    {
        var (t, v1) = Parse(header);
        var expected = ComputeV1(secretKey, t, body);
        return v1.Contains(expected);
    }
}
