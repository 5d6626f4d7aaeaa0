using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client;
using Smooven.Client.AspNetCore;
using Smooven.Client.Testing;

namespace AgentQuickstart;

/// <summary>
/// The main job of an agent: ask Smooven to remind Sarah, wait for what became of it, and act on
/// the outcome. Runs against the in-process emulator unless real settings are given.
/// </summary>
public static class QuickstartAgent
{
    private const string Intent = "Remind Sarah about her appointment";

    /// <returns>0 when the reminder got as far as <see cref="QuickstartSettings.Until"/> (delivered by
    /// default); 1 when it failed or timed out; 2 for bad settings.</returns>
    public static async Task<int> RunAsync(TextWriter output, QuickstartSettings settings, CancellationToken cancellationToken = default)
    {
        output = TextWriter.Synchronized(output); // callbacks print from the webhook's threads
        if (settings.Problem() is { } problem)
        {
            output.WriteLine(problem);
            return 2;
        }

        // 1. Smooven: the emulator on 127.0.0.1 unless a real key was given.
        await using var emulator = settings.UsesEmulator
            ? await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { EventInterval = settings.EmulatorEventInterval }, cancellationToken)
            : null;
        var secretKey = emulator?.SecretKey ?? settings.SecretKey!;
        var baseAddress = emulator?.BaseAddress ?? settings.BaseAddress ?? SmoovenClientOptions.DefaultBaseAddress;
        output.WriteLine(emulator is null
            ? $"Using Smooven at {baseAddress}"
            : $"Using the Smooven emulator at {baseAddress} (set SMOOVEN_SECRET_KEY and SMOOVEN_CALLBACK_URL for the real service)");

        // 2. The webhook receiver: the SDK's endpoint verifies each callback and completes the wait.
        var listenUrl = emulator is null ? settings.ListenUrl : new Uri("http://127.0.0.1:0");
        var webhookPath = settings.CallbackUrl?.AbsolutePath ?? "/webhooks/smooven";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(listenUrl.ToString());
        builder.Services.AddSmoovenClient(options =>
        {
            options.SecretKey = secretKey;
            options.BaseAddress = baseAddress;
        });
        var progress = new LiveProgress(output);
        builder.Services.AddSingleton<ISmoovenCallbackHandler>(progress);
        await using var app = builder.Build();
        app.MapSmoovenWebhook(webhookPath);
        await app.StartAsync(cancellationToken);
        var callbackUrl = settings.CallbackUrl ?? new Uri(new Uri(app.Urls.First()), webhookPath);

        // 3. The job: send, and wait for delivered (or opened, or clicked) or failed.
        var smooven = app.Services.GetRequiredService<SmoovenClient>();
        if (emulator is not null && ScenarioTagHint.For(settings.UserId, settings.Until) is { } hint)
        {
            output.WriteLine(hint);
        }

        output.WriteLine($"Sending \"{Intent}\" to {settings.UserId}; waiting up to {settings.Timeout.TotalSeconds:0} s for {settings.Until.ToLowerInvariant()} or failed...");
        DeliveryResult result;
        progress.Restart();
        try
        {
            result = await smooven.SendAndWaitAsync(
                new NotifyRequest
                {
                    Intent = Intent,
                    Context = new NotifyContext { UserId = settings.UserId },
                    CallbackUrl = callbackUrl,
                },
                new SendAndWaitOptions { Until = settings.UntilEvent, Timeout = settings.Timeout },
                cancellationToken);
        }
        catch (SmoovenException ex)
        {
            output.WriteLine($"Smooven did not take the notification: {ex.Message}");
            return 1;
        }

        if (result.FinalCallback is { } last)
        {
            await progress.CatchUpAsync(last.Event);
        }

        PrintTimeline(output, result, settings);
        await app.StopAsync(CancellationToken.None);
        return result.IsDelivered ? 0 : 1;
    }

    private static void PrintTimeline(TextWriter output, DeliveryResult result, QuickstartSettings settings)
    {
        output.WriteLine();
        if (result.Callbacks.Count == 0)
        {
            output.WriteLine($"No callback came for {result.NotificationId} within {settings.Timeout.TotalSeconds:0.#} s.");
        }
        else
        {
            output.WriteLine($"Timeline of {result.NotificationId}:");
            foreach (var callback in result.Callbacks)
            {
                output.WriteLine($"  {callback.Timestamp.UtcDateTime:HH:mm:ss}  {callback.Event,-24} {callback.ChannelUsed}");
            }
        }

        var until = settings.Until.ToLowerInvariant();
        output.WriteLine();
        output.WriteLine(result.Outcome switch
        {
            DeliveryOutcome.TimedOut => $"Outcome: timed out. No {until} or failed arrived in time; an agent would retry or escalate.",
            DeliveryOutcome.Failed => $"Outcome: failed via {result.FinalCallback?.ChannelUsed}. An agent would try other wording, a higher urgency, or a human.",
            DeliveryOutcome.Opened => $"Outcome: opened via {result.FinalCallback?.ChannelUsed}. Sarah has read her reminder.",
            DeliveryOutcome.Clicked => $"Outcome: clicked via {result.FinalCallback?.ChannelUsed}. Sarah followed the link in her reminder.",
            _ => $"Outcome: {result.Outcome.ToString().ToLowerInvariant()} via {result.FinalCallback?.ChannelUsed}. Sarah has her reminder.",
        });
    }
}
