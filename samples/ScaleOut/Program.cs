using ScaleOut;

// The whole demo is in ScaleOutDemo; this file only wires it to the console.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await ScaleOutDemo.RunAsync(Console.Out, Environment.GetEnvironmentVariable("SMOOVEN_REDIS"), stop.Token);
