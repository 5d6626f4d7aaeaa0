using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.TestSupport.SignatureVectors;

namespace Smooven.Client.Tests.Callbacks;

public class CallbackVerifierTests
{
    private static CallbackVerifier VerifierAt(DateTimeOffset now, params string[] keys) =>
        new(keys.Length == 0 ? [SecretKey] : keys, timeProvider: new FakeTimeProvider(now));

    private static CallbackVerifier VectorVerifier() => VerifierAt(SignedAt);

    [Fact]
    public void The_wire_contract_vector_is_valid()
    {
        var verifier = VectorVerifier();

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, Header));
        Assert.True(verifier.IsValid(BodyBytes, Header));
    }

    [Fact]
    public void A_key_is_used_as_its_utf8_bytes()
    {
        var verifier = VerifierAt(SignedAt, UnicodeSecretKey);

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, $"t={T},v1={V1UnicodeKey}"));
    }

    [Fact]
    public void An_empty_body_can_be_signed()
    {
        Assert.Equal(SignatureStatus.Valid, VectorVerifier().Check([], $"t={T},v1={V1EmptyBody}"));
    }

    [Fact]
    public void A_large_body_is_verified_too()
    {
        var verifier = VectorVerifier();
        var body = LargeBody;
        Assert.Equal(100_105, body.Length);

        Assert.Equal(SignatureStatus.Valid, verifier.Check(body, $"t={T},v1={V1LargeBody}"));
        body[50_000] ^= 1;
        Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(body, $"t={T},v1={V1LargeBody}"));
    }

    [Fact]
    public void The_timestamp_is_signed_as_sent_not_as_a_reformatted_number()
    {
        var verifier = VectorVerifier();

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, $"t=01772697615,v1={V1LeadingZeroT}"));
        Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(BodyBytes, $"t=01772697615,v1={V1}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void An_absent_or_empty_header_is_missing(string header)
    {
        Assert.Equal(SignatureStatus.MissingHeader, VectorVerifier().Check(BodyBytes, header));
    }

    [Theory]
    [InlineData("v1=" + V1)] // no t
    [InlineData("t=1772697615")] // no v1
    [InlineData("t=1772697615,v0=" + V1)] // only unknown schemes
    [InlineData("t=,v1=" + V1)]
    [InlineData("t=abc,v1=" + V1)]
    [InlineData("t=+1772697615,v1=" + V1)]
    [InlineData("t=1772697615.5,v1=" + V1)]
    [InlineData("t= 1772697615x,v1=" + V1)]
    [InlineData("t=-,v1=" + V1)]
    [InlineData("t=9223372036854775808,v1=" + V1)] // one past long.MaxValue
    [InlineData("t=99999999999999999999,v1=" + V1)]
    [InlineData("t=1772697615,t=1772697615,v1=" + V1)] // which t was signed?
    [InlineData("t=1772697615,v1")] // entry without '='
    [InlineData("t=1772697615,=abc,v1=" + V1)]
    [InlineData("t=1772697615;v1=" + V1)]
    [InlineData("garbage")]
    public void A_header_without_a_usable_t_and_a_v1_is_malformed(string header)
    {
        Assert.Equal(SignatureStatus.MalformedHeader, VectorVerifier().Check(BodyBytes, header));
    }

    [Theory]
    [InlineData("t=1772697615,v1=" + V1)]
    [InlineData("v1=" + V1 + ",t=1772697615")]
    [InlineData(" t=1772697615 , v1=" + V1 + " ")]
    [InlineData("t=1772697615,v0=whatever,v1=" + V1 + ",v2=" + V1OldKey)]
    [InlineData("t=1772697615,v1=" + V1OldKey + ",v1=" + V1)]
    [InlineData("t=1772697615,v1=not-hex,v1=" + V1)]
    public void Entry_order_white_space_unknown_schemes_and_extra_v1_entries_do_not_matter(string header)
    {
        Assert.Equal(SignatureStatus.Valid, VectorVerifier().Check(BodyBytes, header));
    }

    [Theory]
    [InlineData("t=1772697615,v1=46227D9E412F07B299981A8E5DAD893B720B5058AA6EBED53C9E465306BEF097")] // contract says lowercase
    [InlineData("t=1772697615,v1=46227d9e412f07b299981a8e5dad893b720b5058aa6ebed53c9e465306bef09")] // 63 digits
    [InlineData("t=1772697615,v1=46227d9e412f07b299981a8e5dad893b720b5058aa6ebed53c9e465306bef0977")] // 65 digits
    [InlineData("t=1772697615,v1=")]
    [InlineData("t=1772697615,v1=" + V1OldKey)] // a key this verifier does not have
    [InlineData("t=1772697615,v1=" + V1At2100)] // signed for another t
    public void A_v1_that_is_not_this_keys_64_lowercase_hex_digest_matches_nothing(string header)
    {
        Assert.Equal(SignatureStatus.NoMatchingSignature, VectorVerifier().Check(BodyBytes, header));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(299)]
    [InlineData(-299)]
    [InlineData(300)]
    [InlineData(-300)]
    public void A_signature_up_to_300_seconds_old_or_ahead_is_within_the_default_tolerance(int secondsFromSigning)
    {
        var verifier = VerifierAt(SignedAt.AddSeconds(secondsFromSigning));

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, Header));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86_400)]
    [InlineData(-86_400)]
    public void A_signature_301_seconds_old_or_ahead_is_outside_the_default_tolerance(int secondsFromSigning)
    {
        var verifier = VerifierAt(SignedAt.AddSeconds(secondsFromSigning));

        Assert.Equal(SignatureStatus.TimestampOutsideTolerance, verifier.Check(BodyBytes, Header));
    }

    [Fact]
    public void The_tolerance_is_exact_to_the_tick_and_follows_the_clock()
    {
        var clock = new FakeTimeProvider(SignedAt.AddSeconds(300));
        var verifier = new CallbackVerifier(SecretKey, timeProvider: clock);
        Assert.True(verifier.IsValid(BodyBytes, Header));

        clock.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(SignatureStatus.TimestampOutsideTolerance, verifier.Check(BodyBytes, Header));
    }

    [Fact]
    public void Tolerance_is_the_one_given_or_five_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), new CallbackVerifier(SecretKey).Tolerance);
        Assert.Equal(TimeSpan.FromSeconds(10), new CallbackVerifier(SecretKey, TimeSpan.FromSeconds(10)).Tolerance);
    }

    [Fact]
    public void A_custom_tolerance_applies_both_ways()
    {
        var tolerance = TimeSpan.FromSeconds(10);
        CallbackVerifier At(int seconds) => new(SecretKey, tolerance, new FakeTimeProvider(SignedAt.AddSeconds(seconds)));

        Assert.True(At(10).IsValid(BodyBytes, Header));
        Assert.True(At(-10).IsValid(BodyBytes, Header));
        Assert.Equal(SignatureStatus.TimestampOutsideTolerance, At(11).Check(BodyBytes, Header));
        Assert.Equal(SignatureStatus.TimestampOutsideTolerance, At(-11).Check(BodyBytes, Header));
    }

    [Fact]
    public void The_tolerance_is_checked_before_the_digest_so_an_old_replay_says_why()
    {
        var verifier = VerifierAt(SignedAt.AddHours(1));

        Assert.Equal(SignatureStatus.TimestampOutsideTolerance, verifier.Check(BodyBytes, $"t={T},v1={new string('0', 64)}"));
    }

    [Fact]
    public void A_timestamp_after_2038_is_verified_as_a_64_bit_number()
    {
        var verifier = VerifierAt(DateTimeOffset.FromUnixTimeSeconds(T2100).AddSeconds(-120));

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, $"t={T2100},v1={V1At2100}"));
    }

    [Theory]
    [InlineData("253402300800")] // one second after DateTimeOffset.MaxValue
    [InlineData("9223372036854775807")] // long.MaxValue
    [InlineData("-9223372036854775808")] // long.MinValue
    [InlineData("-1")]
    [InlineData("0")]
    public void A_timestamp_far_from_now_is_outside_the_tolerance_without_overflowing(string t)
    {
        Assert.Equal(SignatureStatus.TimestampOutsideTolerance, VectorVerifier().Check(BodyBytes, $"t={t},v1={V1}"));
    }

    [Fact]
    public void A_flipped_bit_in_the_body_breaks_the_signature()
    {
        var verifier = VectorVerifier();
        for (var i = 0; i < BodyBytes.Length; i++)
        {
            var body = BodyBytes;
            body[i] ^= 0x01;

            Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(body, Header));
        }
    }

    [Fact]
    public void A_changed_digit_in_t_breaks_the_signature_even_within_the_tolerance()
    {
        var verifier = VerifierAt(SignedAt, SecretKey);

        Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(BodyBytes, $"t={T + 1},v1={V1}"));
        Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(BodyBytes, $"t={T - 100},v1={V1}"));
    }

    [Fact]
    public void A_changed_digit_anywhere_in_the_digest_breaks_the_signature()
    {
        var verifier = VectorVerifier();
        for (var i = 0; i < V1.Length; i++)
        {
            var digest = V1.ToCharArray();
            digest[i] = digest[i] == '0' ? '1' : '0';

            Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(BodyBytes, $"t={T},v1={new string(digest)}"));
        }
    }

    [Fact]
    public void During_a_rotation_a_signature_by_any_configured_key_is_valid()
    {
        var verifier = VerifierAt(SignedAt, SecretKey, OldSecretKey);

        Assert.True(verifier.IsValid(BodyBytes, $"t={T},v1={V1}"));
        Assert.True(verifier.IsValid(BodyBytes, $"t={T},v1={V1OldKey}"));
        Assert.True(verifier.IsValid(BodyBytes, $"t={T},v1={V1OldKey},v1={V1}"));
        Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(BodyBytes, $"t={T},v1={V1UnicodeKey}"));
    }

    [Fact]
    public void Once_the_old_key_is_dropped_its_signatures_are_refused()
    {
        var verifier = VerifierAt(SignedAt, SecretKey);

        Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(BodyBytes, $"t={T},v1={V1OldKey}"));
    }

    [Fact]
    public void A_header_of_exactly_4_KiB_is_read_and_one_char_more_is_malformed()
    {
        var verifier = VectorVerifier();
        var prefix = $"{Header},v0=";
        var atLimit = prefix + new string('x', 4096 - prefix.Length);
        Assert.Equal(4096, atLimit.Length);

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, atLimit));
        Assert.Equal(SignatureStatus.MalformedHeader, verifier.Check(BodyBytes, atLimit + "x"));
    }

    [Fact]
    public void A_header_of_16_entries_is_read_and_17_is_malformed()
    {
        var verifier = VectorVerifier();
        var sixteen = Header + string.Concat(Enumerable.Repeat(",v0=x", 14));
        var seventeen = sixteen + ",v0=x";

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, sixteen));
        Assert.Equal(SignatureStatus.MalformedHeader, verifier.Check(BodyBytes, seventeen));
        Assert.Equal(SignatureStatus.MalformedHeader, verifier.Check(BodyBytes, seventeen.Replace("v0=x", $"v1={V1}", StringComparison.Ordinal)));
    }

    [Fact]
    public void Fifteen_v1_entries_are_all_tried()
    {
        var verifier = VectorVerifier();
        var header = $"t={T}" + string.Concat(Enumerable.Repeat($",v1={V1OldKey}", 14)) + $",v1={V1}";

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, header));
    }

    [Fact]
    public void Verify_returns_the_parsed_callback_of_a_valid_signature()
    {
        var callback = VectorVerifier().Verify(BodyBytes, Header);

        Assert.Equal(CallbackEvent.Delivered, callback.Event);
        Assert.Equal("ntf_abc123def456", callback.NotificationId);
        Assert.Equal(Channel.Sms, callback.ChannelUsed);
    }

    [Theory]
    [InlineData("", SignatureStatus.MissingHeader)]
    [InlineData("t=1772697615", SignatureStatus.MalformedHeader)]
    [InlineData("t=1,v1=" + V1, SignatureStatus.TimestampOutsideTolerance)]
    [InlineData("t=1772697615,v1=" + V1OldKey, SignatureStatus.NoMatchingSignature)]
    public void Verify_throws_a_signature_exception_that_says_why(string header, SignatureStatus expected)
    {
        var ex = Assert.Throws<SmoovenSignatureException>(() => VectorVerifier().Verify(BodyBytes, header));

        Assert.Equal(expected, ex.Status);
        Assert.DoesNotContain(V1, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_checks_the_signature_before_it_parses()
    {
        var notJson = "definitely not json"u8.ToArray();

        var ex = Assert.Throws<SmoovenSignatureException>(() => VectorVerifier().Verify(notJson, Header));

        Assert.Equal(SignatureStatus.NoMatchingSignature, ex.Status);
    }

    [Fact]
    public void Verify_reports_a_validly_signed_body_that_is_not_a_callback_as_a_format_error()
    {
        var body = "[1,2,3]"u8.ToArray();
        var header = CallbackSigner.CreateHeader(SecretKey, body, SignedAt);

        Assert.Throws<SmoovenCallbackFormatException>(() => VectorVerifier().Verify(body, header));
    }

    [Fact]
    public void Unusable_keys_and_tolerances_are_refused_when_the_verifier_is_built()
    {
        Assert.Throws<ArgumentException>(() => new CallbackVerifier(""));
        Assert.Throws<ArgumentException>(() => new CallbackVerifier(" "));
        Assert.Throws<ArgumentException>(() => new CallbackVerifier(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => new CallbackVerifier([SecretKey, null!]));
        Assert.Throws<ArgumentNullException>(() => new CallbackVerifier((IEnumerable<string>)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallbackVerifier(SecretKey, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallbackVerifier(SecretKey, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Concurrent_checks_on_one_verifier_agree()
    {
        var verifier = VerifierAt(SignedAt, SecretKey, OldSecretKey);
        var tampered = BodyBytes;
        tampered[^2] ^= 0x20;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var wrong = 0;
            for (var i = 0; i < 500; i++)
            {
                var useOld = (i + worker) % 2 == 0;
                wrong += verifier.Check(BodyBytes, $"t={T},v1={(useOld ? V1OldKey : V1)}") == SignatureStatus.Valid ? 0 : 1;
                wrong += verifier.Check(tampered, Header) == SignatureStatus.NoMatchingSignature ? 0 : 1;
            }

            return wrong;
        })));

        Assert.All(results, wrong => Assert.Equal(0, wrong));
    }
}
