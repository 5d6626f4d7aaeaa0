using System.Collections.Concurrent;

namespace Smooven.Client.AspNetCore.Tests.Infrastructure;

/// <summary>A backplane that answers as the test says and records what the endpoint asked of it.</summary>
internal sealed class ScriptedBackplane : ISmoovenWebhookBackplane
{
    public SmoovenBackplaneClaim Claim { get; set; } = SmoovenBackplaneClaim.Claimed;

    public bool Appends { get; set; } = true;

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<SmoovenVerifiedDelivery> Appended { get; } = new();

    /// <summary>Runs as a delivery's claim is completed, before the endpoint goes on.</summary>
    public Action<SmoovenVerifiedDelivery, bool>? OnComplete { get; set; }

    public Task<SmoovenBackplaneClaim> ClaimAsync(SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken)
    {
        Calls.Enqueue("claim");
        return Task.FromResult(Claim);
    }

    public Task<bool> AppendAsync(SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken)
    {
        Calls.Enqueue("append");
        if (Appends)
        {
            Appended.Enqueue(delivery);
        }

        return Task.FromResult(Appends);
    }

    public Task CompleteAsync(SmoovenVerifiedDelivery delivery, bool handled)
    {
        Calls.Enqueue(handled ? "complete handled" : "complete released");
        OnComplete?.Invoke(delivery, handled);
        return Task.CompletedTask;
    }

    public Task RenewAsync(SmoovenVerifiedDelivery delivery)
    {
        Calls.Enqueue("renew");
        return Task.CompletedTask;
    }
}
