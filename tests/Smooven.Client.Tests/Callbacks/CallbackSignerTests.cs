using static Smooven.Client.TestSupport.SignatureVectors;

namespace Smooven.Client.Tests.Callbacks;

public class CallbackSignerTests
{
    [Fact]
    public void The_wire_contract_vector_is_reproduced()
    {
        Assert.Equal(Header, CallbackSigner.CreateHeader(SecretKey, BodyBytes, SignedAt));
    }

    [Fact]
    public void Digests_match_an_independent_implementation()
    {
        Assert.Equal($"t={T},v1={V1OldKey}", CallbackSigner.CreateHeader(OldSecretKey, BodyBytes, SignedAt));
        Assert.Equal($"t={T},v1={V1UnicodeKey}", CallbackSigner.CreateHeader(UnicodeSecretKey, BodyBytes, SignedAt));
        Assert.Equal($"t={T2100},v1={V1At2100}", CallbackSigner.CreateHeader(SecretKey, BodyBytes, DateTimeOffset.FromUnixTimeSeconds(T2100)));
        Assert.Equal($"t={T},v1={V1EmptyBody}", CallbackSigner.CreateHeader(SecretKey, [], SignedAt));
        Assert.Equal($"t={T},v1={V1LargeBody}", CallbackSigner.CreateHeader(SecretKey, LargeBody, SignedAt));
    }

    [Fact]
    public void Only_whole_seconds_are_signed()
    {
        Assert.Equal(Header, CallbackSigner.CreateHeader(SecretKey, BodyBytes, SignedAt.AddMilliseconds(999)));
    }

    [Fact]
    public void A_missing_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CallbackSigner.CreateHeader("", BodyBytes, SignedAt));
        Assert.Throws<ArgumentNullException>(() => CallbackSigner.CreateHeader(null!, BodyBytes, SignedAt));
    }
}
