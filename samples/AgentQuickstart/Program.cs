using AgentQuickstart;

// The whole job is in QuickstartAgent; this file only wires it to the console.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await QuickstartAgent.RunAsync(Console.Out, QuickstartSettings.FromEnvironment(args), stop.Token);
