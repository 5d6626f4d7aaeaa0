using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Smooven.Client.Tests.Callbacks;

/// <summary>
/// Mutates valid callbacks at random (fixed seed) and holds <see cref="DeliveryCallback.Parse"/> to
/// its contract: a callback with its required fields, or a <see cref="SmoovenCallbackFormatException"/>.
/// Any other exception would make the webhook answer 500, and Smooven retry a body that can never succeed.
/// </summary>
public class CallbackParseFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261201;
    private const int Inputs = 40_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly byte[][] ValidBodies =
    [
        .. CallbackShapeParseTests.Shapes.Select(row => Encoding.UTF8.GetBytes((string)row[0])),
        SignatureVectors.BodyBytes,
        Encoding.UTF8.GetBytes("""{"event":"notification.failed","notification_id":"ntf_1","timestamp":"2026-03-05T08:00:15Z","reason":"mailbox_full","attempts":3,"provider":{"name":"acme","codes":[550,551]},"recipient":{"user_id":"u1","locale":"en-AU"},"metadata":{"intent":"x","trace":"abc"}}"""),
    ];

    [Fact]
    public void Every_mutated_callback_parses_or_is_refused_as_a_format_error()
    {
        var random = new Random(Seed);
        int parsed = 0, refused = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Inputs; i++)
        {
            var body = ValidBodies[random.Next(ValidBodies.Length)];
            var applied = new List<CallbackMutation>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var mutation = (CallbackMutation)random.Next(Enum.GetValues<CallbackMutation>().Length);
                body = CallbackMutator.Apply(mutation, body, ValidBodies, random);
                applied.Add(mutation);
            }

            try
            {
                var callback = DeliveryCallback.Parse(body);
                var broken = WhatIsBroken(callback);
                Assert.True(broken is null, Describe(i, applied, body, $"Parse returned a callback with {broken}."));
                parsed++;
            }
            catch (SmoovenCallbackFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message), Describe(i, applied, body, "The format error has no message."));
                refused++;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail(Describe(i, applied, body, "Parse threw " + ex));
            }
        }

        output.WriteLine($"seed {Seed}: {Inputs:N0} inputs, {parsed:N0} parsed, {refused:N0} refused, in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.True(parsed > Inputs / 100, $"Only {parsed} of {Inputs} mutated bodies still parsed: the mutations no longer exercise the success path.");
        Assert.True(refused > Inputs / 2, $"Only {refused} of {Inputs} mutated bodies were refused: the mutations no longer exercise the error path.");
    }

    private static string? WhatIsBroken(DeliveryCallback callback) =>
        string.IsNullOrEmpty(callback.NotificationId) ? "no notification_id"
        : string.IsNullOrEmpty(callback.Event.ToString()) ? "no event"
        : callback.AdditionalProperties is null ? "null AdditionalProperties"
        : !IsWellFormed(callback.NotificationId, callback.Event.ToString(), callback.ChannelUsed?.ToString(), callback.Status,
            callback.Recipient?.UserId, callback.Recipient?.ChannelAddress, callback.Metadata?.Intent, callback.Metadata?.Urgency?.ToString())
            ? "a field that is not well-formed text (a lone surrogate)"
        : null;

    private static bool IsWellFormed(params string?[] texts)
    {
        try
        {
            foreach (var text in texts)
            {
                StrictUtf8.GetByteCount(text ?? string.Empty);
            }

            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static string Describe(int index, List<CallbackMutation> applied, byte[] body, string what) =>
        $"Seed {Seed}, input #{index} ({string.Join(", ", applied)}): {what}{Environment.NewLine}" +
        $"Input (hex): {Convert.ToHexString(body)}";
}
