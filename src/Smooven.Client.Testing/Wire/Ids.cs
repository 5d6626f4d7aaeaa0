using System.Security.Cryptography;

namespace Smooven.Client.Testing.Wire;

/// <summary>The identifiers the emulator hands out, shaped like the service's.</summary>
internal static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewNotificationId() => "ntf_" + RandomNumberGenerator.GetString(Alphabet, 12);

    public static string NewRequestId() => "req_" + RandomNumberGenerator.GetString(Alphabet, 16);

    public static string NewSecretKey() => "sk_test_emulator_" + RandomNumberGenerator.GetString(Alphabet, 24);
}
