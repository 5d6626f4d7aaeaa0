using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WebhookReceiver;

namespace Smooven.Client.Testing.Tests.Samples;

/// <summary>The receiver's start-up text: where it listens, and an openssl + curl line that really works.</summary>
public class SignedCallbackRecipeTests
{
    private static readonly Uri Webhook = new("http://127.0.0.1:5000/webhooks/smooven");

    [Fact]
    public void The_recipe_signs_t_dot_body_with_hmac_sha256_hex_as_the_wire_contract_says()
    {
        var text = SignedCallbackRecipe.For(Webhook, "sk_test_demo");

        Assert.Contains("listening on http://127.0.0.1:5000/webhooks/smooven", text, StringComparison.Ordinal);
        Assert.Contains("""printf '%s' "$t.$body" | openssl dgst -sha256 -hmac 'sk_test_demo'""", text, StringComparison.Ordinal);
        Assert.Contains("t=$(date +%s)", text, StringComparison.Ordinal); // unix seconds, within the tolerance
        Assert.Contains("""-H "X-Smooven-Signature: t=$t,v1=$sig" --data-raw "$body" """.TrimEnd(), text, StringComparison.Ordinal);
        Assert.Contains("curl -i http://127.0.0.1:5000/webhooks/smooven", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_key_is_not_printed_but_read_from_the_shell()
    {
        var text = SignedCallbackRecipe.For(Webhook, "sk_live_secret");

        Assert.DoesNotContain("sk_live_secret", text, StringComparison.Ordinal);
        Assert.Contains("""-hmac "$SMOOVEN_SECRET_KEY" """.TrimEnd(), text, StringComparison.Ordinal);
        Assert.Contains("first set SMOOVEN_SECRET_KEY", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_in_a_shell_the_printed_recipe_delivers_a_callback_the_receiver_verifies()
    {
        if (!OnPath("bash") || !OnPath("openssl") || !OnPath("curl"))
        {
            return; // the text test above still pins the recipe; this one needs the tools it prints
        }

        await using var app = ReceiverApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Smooven:SecretKey"] = "sk_test_recipe";
            builder.Logging.ClearProviders().AddFakeLogging();
        });
        await app.StartAsync();
        var recipe = SignedCallbackRecipe.For(ReceiverApp.WebhookUrl(app), "sk_test_recipe");
        var commands = string.Join('\n', recipe.Split('\n').Where(line => line.StartsWith("  ", StringComparison.Ordinal)));

        var (exitCode, output) = await RunBashAsync(commands);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^HTTP/1\.1 200", output);
        var logged = app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == typeof(TimelineLogger).FullName).Select(r => r.Message);
        Assert.Contains(logged, line => line.StartsWith("ntf_curl_demo  notification.delivered", StringComparison.Ordinal));
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await bash.StandardInput.WriteAsync(script + "\n");
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await bash.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            throw;
        }

        return (bash.ExitCode, await output + await errors);
    }
}
