using Smooven.Client.Testing;
using SmoovenMcpServer;

// An MCP server with Smooven's notify_user and get_notification_status: stdio by default, --http for HTTP.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var settings = ServerSettings.From(args);
if (settings.Problem() is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    return 2;
}

await using var emulator = settings.UsesEmulator
    ? await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { EventInterval = TimeSpan.FromMilliseconds(400) }, stop.Token)
    : null;
await Console.Error.WriteLineAsync(SmoovenWiring.Describe(settings, emulator));

try
{
    await (settings.Http ? HttpServer.RunAsync(settings, emulator, stop.Token) : StdioServer.RunAsync(settings, emulator, stop.Token));
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Ctrl+C: a normal end.
}

return 0;
