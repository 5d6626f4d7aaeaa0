using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Smooven.Client.Serialization;

namespace Smooven.Client.Benchmarks.Serialization;

/// <summary>
/// Writing a notify body: the SDK's source-generated context against System.Text.Json's
/// reflection path with the same settings.
/// </summary>
/// <remarks>
/// REFLECTION-BASED JSON ON PURPOSE: this benchmark project is the only place that uses it, as
/// the comparison point. The shipped libraries use source generation only.
/// </remarks>
[MemoryDiagnoser]
[BenchmarkCategory("Serialization")]
public class NotifySerializationBenchmarks
{
    private static readonly JsonSerializerOptions ReflectionOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private readonly NotifyRequestPayload _payload = NotifyRequestValidator.ToPayload(
        new NotifyRequest
        {
            Intent = "Remind Sarah about her appointment",
            Urgency = Urgency.High,
            Context = new NotifyContext
            {
                UserId = "sarah@example.com",
                AdditionalProperties = { ["appointment_at"] = "2026-03-05T09:00:00+11:00", ["clinic"] = "Bondi" },
            },
            CallbackUrl = new Uri("https://your-server.example/webhooks/smooven"),
        },
        defaultCallbackUrl: null);

    [GlobalSetup]
    public void Setup()
    {
        var generated = SourceGenerated();
        var reflected = Reflection();
        if (!generated.AsSpan().SequenceEqual(reflected))
        {
            throw new InvalidOperationException("The two serializers write different bodies; the comparison would be unfair.");
        }
    }

    [Benchmark(Baseline = true, Description = "NotifyRequest, source-generated (SmoovenJsonContext)")]
    public byte[] SourceGenerated() => JsonSerializer.SerializeToUtf8Bytes(_payload, SmoovenJsonContext.Default.NotifyRequestPayload);

    [Benchmark(Description = "NotifyRequest, reflection-based System.Text.Json")]
    public byte[] Reflection() => JsonSerializer.SerializeToUtf8Bytes(_payload, ReflectionOptions);
}
