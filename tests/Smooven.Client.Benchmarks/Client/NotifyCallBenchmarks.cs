using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Smooven.Client.Serialization;

namespace Smooven.Client.Benchmarks.Client;

/// <summary>
/// One NotifyAsync call over an in-memory handler against the same call written by hand with
/// HttpClient and source-generated JSON: the client's own cost per call, without network noise.
/// The load program measures the same pair over Kestrel.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Notify")]
public class NotifyCallBenchmarks
{
    private const string SecretKey = "sk_test_smooven_benchmarks_0123456789";
    private static readonly Uri BaseAddress = new("http://127.0.0.1:5000/");
    private static readonly Uri NotifyUri = new(BaseAddress, "v1/agent/notify");

    private readonly NotifyRequest _request = new()
    {
        Intent = "Remind Sarah about her appointment",
        Urgency = Urgency.High,
        Context = new NotifyContext { UserId = "sarah@example.com" },
        CallbackUrl = new Uri("https://agent.example/webhooks/smooven"),
    };

    private HttpClient _sdkHttp = null!;
    private HttpClient _rawHttp = null!;
    private SmoovenClient _client = null!;
    private SmoovenClient _noRetryClient = null!;
    private NotifyRequestPayload _payload = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sdkHttp = new HttpClient(new CannedAcceptedHandler());
        _rawHttp = new HttpClient(new CannedAcceptedHandler());
        _client = new SmoovenClient(_sdkHttp, new SmoovenClientOptions { SecretKey = SecretKey, BaseAddress = BaseAddress });
        _noRetryClient = new SmoovenClient(_sdkHttp, new SmoovenClientOptions { SecretKey = SecretKey, BaseAddress = BaseAddress, MaxRetries = 0 });
        _payload = NotifyRequestValidator.ToPayload(_request, null);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _noRetryClient.Dispose();
        _sdkHttp.Dispose();
        _rawHttp.Dispose();
    }

    [Benchmark(Description = "SmoovenClient.NotifyAsync (in-memory handler)")]
    public async Task<string> Sdk() => (await _client.NotifyAsync(_request)).NotificationId;

    // MaxRetries = 0 leaves the retry pipeline out: the difference to Sdk is what retries cost on the success path.
    [Benchmark(Description = "SmoovenClient.NotifyAsync, MaxRetries = 0 (in-memory handler)")]
    public async Task<string> SdkWithoutRetries() => (await _noRetryClient.NotifyAsync(_request)).NotificationId;

    [Benchmark(Baseline = true, Description = "raw HttpClient + source-generated JSON (in-memory handler)")]
    public async Task<string?> Raw()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, NotifyUri);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + SecretKey);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString("N"));
        request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(_payload, SmoovenJsonContext.Default.NotifyRequestPayload));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _rawHttp.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync(SmoovenJsonContext.Default.NotifyResponse);
        return accepted?.NotificationId;
    }
}
