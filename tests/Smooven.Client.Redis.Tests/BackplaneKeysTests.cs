using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Smooven.Client.Redis.Backplane;

namespace Smooven.Client.Redis.Tests;

/// <summary>
/// Every instance derives the same delivery key from the same body, whichever process it runs in:
/// the prefix, the stream's name as a hash tag, then the body's SHA-256 in base64.
/// </summary>
public class BackplaneKeysTests
{
    [Fact]
    public void A_delivery_key_is_the_prefix_the_streams_hash_tag_and_the_bodys_SHA256_in_base64()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"notification.delivered","notification_id":"ntf_key"}""");
        var keys = new BackplaneKeys(Options.Create(new SmoovenRedisOptions { KeyPrefix = "app" }));
        var again = new BackplaneKeys(Options.Create(new SmoovenRedisOptions { KeyPrefix = "app" }));

        var key = keys.Delivery(body);

        Assert.Equal("app:delivery:{app:callbacks}:" + Convert.ToBase64String(SHA256.HashData(body)), key.ToString());
        Assert.Equal(key, again.Delivery(body));
    }
}
