using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Smooven.Client.TestSupport;

/// <summary>
/// Kestrel on 127.0.0.1 at a port the OS picks, and never any other address: how every test host
/// and the load program listen.
/// </summary>
internal static class LoopbackKestrel
{
    /// <summary>A slim web application builder bound to 127.0.0.1:0, with no log providers.</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        return builder;
    }

    /// <summary>Starts the application and returns the address Kestrel bound, ending in '/'.</summary>
    public static async Task<Uri> StartOnLoopbackAsync(this WebApplication app)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var uri = new Uri(address.EndsWith('/') ? address : address + "/");
        if (!IPAddress.IsLoopback(IPAddress.Parse(uri.Host)))
        {
            throw new InvalidOperationException($"The host bound {uri}, not a loopback address.");
        }

        return uri;
    }

    /// <summary>Stops the application, giving requests in flight 5 s, and disposes it.</summary>
    public static async Task StopAndDisposeAsync(this WebApplication app)
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(shutdown.Token);
        await app.DisposeAsync();
    }
}
