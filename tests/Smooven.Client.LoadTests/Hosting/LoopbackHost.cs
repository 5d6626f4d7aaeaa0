using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Smooven.Client.LoadTests.Hosting;

/// <summary>A Kestrel app on 127.0.0.1 and a port the OS picks; never any other address.</summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<LoopbackHost> StartAsync(Action<IServiceCollection> configureServices, Action<WebApplication> map)
    {
        var builder = LoopbackKestrel.CreateBuilder();
        configureServices(builder.Services);
        var app = builder.Build();
        map(app);
        return new LoopbackHost(app, await app.StartOnLoopbackAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
    }
}
