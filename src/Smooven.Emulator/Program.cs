using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Smooven.Client.Testing;
using Smooven.Emulator;

var commandLine = CommandLine.Parse(args);
if (commandLine.ShowHelp || commandLine.Error is not null)
{
    if (commandLine.Error is not null)
    {
        Console.Error.WriteLine(commandLine.Error);
        Console.Error.WriteLine();
    }

    Console.WriteLine(CommandLine.Usage);
    return commandLine.Error is null ? 0 : 2;
}

using var loggerFactory = LoggerFactory.Create(logging => logging
    .SetMinimumLevel(commandLine.Verbose ? LogLevel.Debug : LogLevel.Information)
    .AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "HH:mm:ss ";
    }));

var options = new SmoovenEmulatorOptions
{
    Port = commandLine.Port,
    SecretKey = commandLine.SecretKey,
    DefaultScenario = commandLine.DefaultScenario,
    EventInterval = commandLine.EventInterval,
    MaxRecordedItems = commandLine.MaxRecorded,
    LoggerFactory = loggerFactory,
};

SmoovenEmulator emulator;
try
{
    emulator = await SmoovenEmulator.StartAsync(options);
}
catch (IOException ex)
{
    Console.Error.WriteLine($"Could not listen on 127.0.0.1:{commandLine.Port}: {ex.Message} Try another --port, or --port 0 for a free one.");
    return 1;
}

await using (emulator)
{
    // Ctrl+C or a service manager's SIGTERM: stop cleanly instead of being torn down mid-callback.
    var stop = new TaskCompletionSource();
    void StopOnSignal(PosixSignalContext signal)
    {
        signal.Cancel = true;
        stop.TrySetResult();
    }

    using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
    using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);

    Console.WriteLine(Banner.For(emulator.BaseAddress, emulator.SecretKey));
    await stop.Task;
    Console.WriteLine("Stopping.");
}

return 0;
