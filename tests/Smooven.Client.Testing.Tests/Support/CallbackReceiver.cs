using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Smooven.Client.Testing.Recording;

namespace Smooven.Client.Testing.Tests.Support;

/// <summary>One POST the receiver got: the raw body and signature, exactly as received.</summary>
internal sealed record ReceivedCallback(byte[] Body, string? Signature, string? ContentType)
{
    public DeliveryCallback Parse() => DeliveryCallback.Parse(Body);

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A tiny webhook receiver on Kestrel at 127.0.0.1:0 that records every POST and answers what
/// the test tells it to, without any SDK code on the receiving side.
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Recorder<ReceivedCallback> _received = new();
    private int _count;

    private CallbackReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Decides each answer from the callback and its 1-based arrival number; 200 by default.
    /// It may await the token to hang until the sender gives up.</summary>
    public Func<ReceivedCallback, int, CancellationToken, Task<int>> Respond { get; set; } = (_, _, _) => Task.FromResult(200);

    public Uri Url { get; }

    public IReadOnlyList<ReceivedCallback> Received => _received.Snapshot();

    public static async Task<CallbackReceiver> StartAsync()
    {
        var app = LoopbackKestrel.CreateBuilder().Build();
        CallbackReceiver? receiver = null;
        app.Run(context => receiver!.HandleAsync(context));
        receiver = new CallbackReceiver(app, new Uri(await app.StartOnLoopbackAsync(), "webhooks/smooven"));
        return receiver;
    }

    public Task<IReadOnlyList<ReceivedCallback>> WaitForCountAsync(int count) =>
        _received.WaitForAsync(r => r.Count >= count, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var callback = new ReceivedCallback(
            buffer.ToArray(),
            context.Request.Headers["X-Smooven-Signature"].FirstOrDefault(),
            context.Request.ContentType);
        var ordinal = Interlocked.Increment(ref _count);
        _received.Add(callback);
        try
        {
            context.Response.StatusCode = await Respond(callback, ordinal, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The sender gave up waiting; nothing to answer.
        }
    }
}
