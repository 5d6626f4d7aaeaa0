using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Smooven.Client.Testing.Callbacks;

/// <summary>
/// Makes up the <c>recipient.channel_address</c> a callback reports: stable for a user_id, so a
/// test can rely on it, and plainly fake.
/// </summary>
internal static class ChannelAddresses
{
    public static string For(Channel channel, string? userId)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(userId ?? string.Empty));
        if (channel == Channel.Email)
        {
            return userId is not null && userId.Contains('@', StringComparison.Ordinal) ? userId : $"user-{Hex(seed)}@example.com";
        }

        if (channel == Channel.Sms || channel == Channel.Rcs)
        {
            // +614 followed by 8 digits: the shape of an Australian mobile number, as in the vendor's example.
            var digits = BitConverter.ToUInt32(seed, 0) % 100_000_000;
            return "+614" + digits.ToString("D8", CultureInfo.InvariantCulture);
        }

        return $"device-{Hex(seed)}";
    }

    private static string Hex(byte[] seed) => Convert.ToHexString(seed, 0, 4).ToLowerInvariant();
}
