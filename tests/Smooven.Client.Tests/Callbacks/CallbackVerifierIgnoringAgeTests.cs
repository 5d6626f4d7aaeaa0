using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.TestSupport.SignatureVectors;

namespace Smooven.Client.Tests.Callbacks;

/// <summary>
/// CheckIgnoringAge is what a backplane uses on a callback read back from a shared store: the
/// HMAC and the header's shape still count, only the age does not.
/// </summary>
public class CallbackVerifierIgnoringAgeTests
{
    private static CallbackVerifier VerifierAt(DateTimeOffset now) => new(SecretKey, timeProvider: new FakeTimeProvider(now));

    [Fact]
    public void A_day_old_signature_that_Check_refuses_for_its_age_is_valid_ignoring_age()
    {
        var verifier = VerifierAt(SignedAt.AddDays(1));

        Assert.Equal(SignatureStatus.TimestampOutsideTolerance, verifier.Check(BodyBytes, Header));
        Assert.Equal(SignatureStatus.Valid, verifier.CheckIgnoringAge(BodyBytes, Header));
    }

    [Fact]
    public void An_old_signature_over_a_changed_body_is_still_refused()
    {
        var body = BodyBytes.ToArray();
        body[10] ^= 1;

        Assert.Equal(SignatureStatus.NoMatchingSignature, VerifierAt(SignedAt.AddDays(1)).CheckIgnoringAge(body, Header));
    }

    [Theory]
    [InlineData("", SignatureStatus.MissingHeader)]
    [InlineData("v1=" + V1, SignatureStatus.MalformedHeader)]
    [InlineData("t=1772697615,v1=" + V1UnicodeKey, SignatureStatus.NoMatchingSignature)]
    public void A_header_that_is_missing_malformed_or_made_with_another_key_is_refused(string header, SignatureStatus expected)
    {
        Assert.Equal(expected, VerifierAt(SignedAt.AddDays(1)).CheckIgnoringAge(BodyBytes, header));
    }
}
