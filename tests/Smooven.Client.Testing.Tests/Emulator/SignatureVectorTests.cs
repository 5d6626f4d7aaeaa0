using Smooven.Client.Testing.Tests.Support;
using static Smooven.Client.TestSupport.SignatureVectors;

namespace Smooven.Client.Testing.Tests.Emulator;

public class SignatureVectorTests
{
    [Fact]
    public void The_independent_check_reproduces_the_wire_contract_vector()
    {
        // wire-contract.md, "Test vector"; the digest was produced by openssl dgst -sha256 -hmac.
        var v1 = IndependentSignature.ComputeV1(SecretKey, T, BodyBytes);

        Assert.Equal(V1, v1);
        Assert.True(IndependentSignature.IsValid(SecretKey, Header, BodyBytes));
        Assert.False(IndependentSignature.IsValid("sk_test_other", Header, BodyBytes));
    }
}
