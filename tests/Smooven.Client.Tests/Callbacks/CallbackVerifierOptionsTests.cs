using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.TestSupport.SignatureVectors;

namespace Smooven.Client.Tests.Callbacks;

public class CallbackVerifierOptionsTests
{
    private static (ServiceProvider Services, ReloadableSettings Configuration) Build(Dictionary<string, string?> settings)
    {
        var source = new ReloadableSettings(settings);
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(SignedAt));
        services.AddSmoovenClient(configuration.GetSection("Smooven"));
        return (services.BuildServiceProvider(), source);
    }

    [Fact]
    public void The_registered_verifier_is_one_singleton_using_the_options_keys_and_clock()
    {
        var (services, _) = Build(new() { ["Smooven:SecretKey"] = SecretKey });
        using var _ = services;

        var verifier = services.GetRequiredService<CallbackVerifier>();

        Assert.Same(verifier, services.GetRequiredService<CallbackVerifier>());
        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, Header));
    }

    [Fact]
    public void Additional_keys_and_the_tolerance_come_from_the_options()
    {
        var (services, _) = Build(new()
        {
            ["Smooven:SecretKey"] = "sk_live_something_new",
            ["Smooven:AdditionalSecretKeys:0"] = OldSecretKey,
            ["Smooven:SignatureTolerance"] = "00:00:01",
        });
        using var _ = services;
        var verifier = services.GetRequiredService<CallbackVerifier>();

        Assert.Equal(SignatureStatus.Valid, verifier.Check(BodyBytes, $"t={T},v1={V1OldKey}"));
        Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(BodyBytes, Header));

        var clock = (FakeTimeProvider)services.GetRequiredService<TimeProvider>();
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(SignatureStatus.TimestampOutsideTolerance, verifier.Check(BodyBytes, $"t={T},v1={V1OldKey}"));
    }

    [Fact]
    public void A_key_rotated_in_configuration_applies_to_the_same_verifier_without_a_restart()
    {
        var (services, configuration) = Build(new() { ["Smooven:SecretKey"] = OldSecretKey });
        using var _ = services;
        var verifier = services.GetRequiredService<CallbackVerifier>();
        Assert.True(verifier.IsValid(BodyBytes, $"t={T},v1={V1OldKey}"));
        Assert.False(verifier.IsValid(BodyBytes, Header));

        // Step 1 of a rotation: the new key is current, the old one still accepted.
        configuration.Replace(new()
        {
            ["Smooven:SecretKey"] = SecretKey,
            ["Smooven:AdditionalSecretKeys:0"] = OldSecretKey,
        });

        Assert.True(verifier.IsValid(BodyBytes, Header));
        Assert.True(verifier.IsValid(BodyBytes, $"t={T},v1={V1OldKey}"));

        // Step 2: the old key is retired.
        configuration.Replace(new() { ["Smooven:SecretKey"] = SecretKey });

        Assert.True(verifier.IsValid(BodyBytes, Header));
        Assert.Equal(SignatureStatus.NoMatchingSignature, verifier.Check(BodyBytes, $"t={T},v1={V1OldKey}"));
    }
}
