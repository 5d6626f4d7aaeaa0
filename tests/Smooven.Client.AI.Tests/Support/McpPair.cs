using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Smooven.Client.AI.Tests.Support;

/// <summary>
/// An MCP server with WithSmoovenTools() and the MCP C# client, in-process, talking over a pair of
/// pipes. The server shares the agent host's client and tracker, so its waits complete.
/// </summary>
internal sealed class McpPair : IAsyncDisposable
{
    private readonly IHost _server;
    private readonly Pipe _clientToServer;
    private readonly Pipe _serverToClient;

    private McpPair(IHost server, McpClient client, Pipe clientToServer, Pipe serverToClient)
    {
        _server = server;
        Client = client;
        _clientToServer = clientToServer;
        _serverToClient = serverToClient;
    }

    public McpClient Client { get; }

    public static async Task<McpPair> StartAsync(AgentHost host, Action<SmoovenAIToolOptions>? configure = null)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(host.Tracker);
        builder.Services.AddTransient(_ => host.Client);
        builder.Services.AddSmoovenAITools(o =>
        {
            o.CallbackUrl = host.CallbackUrl;
            configure?.Invoke(o);
        });
        builder.Services.AddMcpServer()
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream())
            .WithSmoovenTools();
        var server = builder.Build();
        await server.StartAsync();

        var client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()),
            new McpClientOptions { ClientInfo = new Implementation { Name = "smooven-tests", Version = "1.0" } });
        return new McpPair(server, client, clientToServer, serverToClient);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _clientToServer.Writer.CompleteAsync();
        await _serverToClient.Writer.CompleteAsync();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _server.StopAsync(shutdown.Token);
        _server.Dispose();
    }
}
