using System.Net;
using System.Text;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

public class WebhookKeyRotationTests
{
    [Fact]
    public async Task A_key_rotated_in_configuration_applies_without_a_restart()
    {
        await using var host = await WebhookHost.StartAsync(settings: new() { ["Smooven:SecretKey"] = SignatureVectors.OldSecretKey });
        var oldKeyBody = Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_old"));

        using (var beforeRotation = await host.PostAsync(SignatureVectors.Body, SignatureVectors.Header))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, beforeRotation.StatusCode);
        }

        // Step 1: the new key becomes current; callbacks signed with the old one still count.
        host.Settings.Replace(new()
        {
            ["Smooven:SecretKey"] = SignatureVectors.SecretKey,
            ["Smooven:AdditionalSecretKeys:0"] = SignatureVectors.OldSecretKey,
        });

        using (var newKey = await host.PostAsync(SignatureVectors.Body, SignatureVectors.Header))
        {
            Assert.Equal(HttpStatusCode.OK, newKey.StatusCode);
        }

        using (var oldKey = await host.PostAsync(oldKeyBody, CallbackSigner.CreateHeader(SignatureVectors.OldSecretKey, oldKeyBody, host.Clock.GetUtcNow())))
        {
            Assert.Equal(HttpStatusCode.OK, oldKey.StatusCode);
        }

        // Step 2: the old key is retired.
        host.Settings.Replace(new() { ["Smooven:SecretKey"] = SignatureVectors.SecretKey });

        using (var retired = await host.PostAsync(SignatureVectors.Body, SignatureVectors.HeaderOldKey))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, retired.StatusCode);
        }

        Assert.Equal(["ntf_abc123def456", "ntf_old"], host.Recorder.Handled.Select(c => c.NotificationId));
    }
}
