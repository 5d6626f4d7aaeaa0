using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Smooven.Client.AI.Functions;

namespace Smooven.Client.AI.Guardrails;

/// <summary>
/// Turns a tool call id into the notify request's Idempotency-Key, so that the same tool call run
/// again is answered by Smooven with the first notification instead of a second message.
/// </summary>
internal static class IdempotencyKeys
{
    private const string Prefix = "smooven-ai-";

    /// <summary>
    /// The call id alone is not enough: some models number their calls (call_0, call_1, ...) afresh in
    /// every conversation. Hashing in what is sent means only the same call with the same content
    /// shares a key; the hash also keeps any call id within 1 to 255 printable ASCII characters.
    /// </summary>
    public static string? FromCallId(string? callId, NotifyUserInput input)
    {
        if (string.IsNullOrEmpty(callId))
        {
            return null;
        }

        var text = Join(callId, RequestOf(input));
        return Prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>A key of its own, for a call with no id.</summary>
    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    /// <summary>What Smooven compares a repeated key's request by: recipient, intent and urgency, exactly.</summary>
    public static string RequestOf(NotifyUserInput input) => Join(input.UserId, input.Intent, input.Urgency.ToString());

    // Each part goes in after its length, so that no two different calls make the same text.
    private static string Join(params string[] parts) =>
        string.Concat(parts.Select(part => string.Create(CultureInfo.InvariantCulture, $"{part.Length}:{part}")));
}
