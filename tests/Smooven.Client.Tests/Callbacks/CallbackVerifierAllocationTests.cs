using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.TestSupport.SignatureVectors;

namespace Smooven.Client.Tests.Callbacks;

public class CallbackVerifierAllocationTests
{
    [Fact]
    public void Check_allocates_nothing_once_warm()
    {
        var verifier = new CallbackVerifier([SecretKey, OldSecretKey], timeProvider: new FakeTimeProvider(SignedAt));
        var signedBody = BodyBytes;
        var body = new byte[1024];
        body.AsSpan().Fill((byte)'x');
        signedBody.CopyTo(body, 0);
        var valid = Header;
        var oldKey = $"t={T},v1={V1OldKey}";
        var wrong = $"t={T},v1={V1UnicodeKey},v0=abc";
        var malformed = "t=abc,v1=" + V1;

        var allocated = Measure(() =>
        {
            var count = 0;
            count += verifier.Check(signedBody, valid) == SignatureStatus.Valid ? 1 : 0;
            count += verifier.Check(signedBody, oldKey) == SignatureStatus.Valid ? 1 : 0;
            count += verifier.Check(body, wrong) == SignatureStatus.NoMatchingSignature ? 1 : 0;
            count += verifier.Check(body, malformed) == SignatureStatus.MalformedHeader ? 1 : 0;
            count += verifier.Check(body, default) == SignatureStatus.MissingHeader ? 1 : 0;
            return count == 5;
        });

        Assert.Equal(0, allocated);
    }

    private static long Measure(Func<bool> checks)
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.True(checks());
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allTrue = true;
        for (var i = 0; i < 1_000; i++)
        {
            allTrue &= checks();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allTrue);
        return allocated;
    }
}
