using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Smooven.Client.Tests.Client;

// A key goes into the Authorization header as it is and keys the callback HMAC byte for byte,
// so anything but printable ASCII is refused up front, named by option, never quoted.
public class SecretKeyValidationTests
{
    private const string KeyBody = "sk_live_Q7w9Zt3Kp2";

    public static TheoryData<string, string> BadKeys() => new()
    {
        { KeyBody + "\n", "has leading or trailing white space" },
        { KeyBody + "\r\n", "has leading or trailing white space" },
        { " " + KeyBody, "has leading or trailing white space" },
        { "sk_live_Q7w9\nZt3Kp2", "contains a line break at position 13" },
        { "sk_live_Q7w9 Zt3Kp2", "contains a space at position 13" },
        { "sk_live_Q7w9\u0001Zt3Kp2", "contains a control character at position 13" },
        { "sk_live_Q7w9\u00e9Zt3Kp2", "contains a non-ASCII character at position 13" },
        { "sk_live_Q7w9\u00a0Zt3Kp2", "contains a white space character at position 13" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void A_bad_secret_key_is_refused_by_the_constructor_without_echoing_it(string key, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => new SmoovenClient(new SmoovenClientOptions { SecretKey = key }));

        Assert.Contains("SmoovenClientOptions.SecretKey " + problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Q7w9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void A_bad_additional_key_is_refused_naming_its_index(string key, string problem)
    {
        var options = new SmoovenClientOptions { SecretKey = "sk_live_current", AdditionalSecretKeys = { "sk_live_older", key } };

        var error = Assert.Throws<ArgumentException>(() => new SmoovenClient(options));

        Assert.Contains("SmoovenClientOptions.AdditionalSecretKeys[1] " + problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Q7w9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trailing_line_break_says_to_trim_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new SmoovenClient(new SmoovenClientOptions { SecretKey = KeyBody + "\n" }));

        Assert.Contains("line break", error.Message, StringComparison.Ordinal);
        Assert.Contains("Trim it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_key_fails_host_start_up()
    {
        var services = new ServiceCollection();
        services.AddSmoovenClient(o => o.SecretKey = "sk_live_Q7w9\u00e9Zt3Kp2");
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SmoovenClientOptions.SecretKey contains a non-ASCII character at position 13", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Q7w9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_callback_verifier_refuses_a_key_with_a_line_break()
    {
        var error = Assert.Throws<ArgumentException>(() => new CallbackVerifier(KeyBody + "\n"));

        Assert.Contains("has leading or trailing white space", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Q7w9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_printable_ascii_character_is_accepted()
    {
        var everyPrintable = new string(Enumerable.Range(0x21, 0x7E - 0x21 + 1).Select(c => (char)c).ToArray());

        using var client = new SmoovenClient(new SmoovenClientOptions { SecretKey = everyPrintable });
        _ = new CallbackVerifier(everyPrintable);
    }

    // On the wire a key ending in "\n" ends the header section early; it must never get there.
    [Fact]
    public async Task A_key_with_a_line_break_never_reaches_the_wire()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => new SmoovenClient(http, new SmoovenClientOptions { SecretKey = KeyBody + "\n", BaseAddress = address }));

        // A request sent before the refusal would be waiting to be accepted by now.
        using var probe = new TcpClient();
        await probe.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var first = await listener.AcceptTcpClientAsync();
        Assert.Equal(((IPEndPoint)probe.Client.LocalEndPoint!).Port, ((IPEndPoint)first.Client.RemoteEndPoint!).Port);
    }
}
