using Smooven.Client.Redis.Backplane;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Reading;

/// <summary>
/// Turns a stream entry written by another instance into a callback, only when its stored header
/// is a valid signature of its stored body under the verifier's keys. The age is not checked (the
/// entry was checked when it arrived; it may be read back minutes later), so that whoever can write
/// to Redis but has no Smooven key cannot forge an outcome.
/// </summary>
internal static class StreamEntryCheck
{
    /// <summary>The callback in the entry, or null with the reason it was refused.</summary>
    public static DeliveryCallback? Read(StreamEntry entry, CallbackVerifier verifier, out string? refusal)
    {
        var body = entry[BackplaneKeys.BodyField];
        var signature = entry[BackplaneKeys.SignatureField];
        if (body.IsNull || signature.IsNull)
        {
            refusal = "it lacks the body or the signature field";
            return null;
        }

        byte[] bytes = body!;
        var status = verifier.CheckIgnoringAge(bytes, signature.ToString());
        if (status != SignatureStatus.Valid)
        {
            refusal = "its signature check said " + status;
            return null;
        }

        try
        {
            refusal = null;
            return DeliveryCallback.Parse(bytes);
        }
        catch (SmoovenCallbackFormatException ex)
        {
            refusal = "it is signed but not a callback (field '" + (ex.FieldName ?? "(the body)") + "')";
            return null;
        }
    }
}
