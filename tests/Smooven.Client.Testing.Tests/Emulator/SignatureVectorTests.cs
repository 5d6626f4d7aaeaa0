using System.Text;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Emulator;

public class SignatureVectorTests
{
    [Fact]
    public void The_independent_check_reproduces_the_wire_contract_vector()
    {
        // wire-contract.md, "Test vector"; the digest was produced by openssl dgst -sha256 -hmac.
        var body = Encoding.UTF8.GetBytes("""{"event":"notification.delivered","notification_id":"ntf_abc123def456","channel_used":"sms","status":"delivered","timestamp":"2026-03-05T08:00:15Z"}""");

        var v1 = IndependentSignature.ComputeV1("sk_test_smooven_vector", 1772697615, body);

        Assert.Equal("46227d9e412f07b299981a8e5dad893b720b5058aa6ebed53c9e465306bef097", v1);
        Assert.True(IndependentSignature.IsValid("sk_test_smooven_vector", "t=1772697615,v1=46227d9e412f07b299981a8e5dad893b720b5058aa6ebed53c9e465306bef097", body));
        Assert.False(IndependentSignature.IsValid("sk_test_other", "t=1772697615,v1=46227d9e412f07b299981a8e5dad893b720b5058aa6ebed53c9e465306bef097", body));
    }
}
