using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>
/// A wait asked for over HTTP, for instances in child processes: <c>GET /load/wait/{id}</c> answers
/// with the outcome once the instance's tracker has one (10 s at most). Load program only.
/// </summary>
internal static class RemoteWait
{
    private const string Path = "load/wait/";

    private static readonly SendAndWaitOptions WaitOptions = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/" + Path + "{id}", async (string id, DeliveryTracker tracker) => (await tracker.WaitAsync(id, WaitOptions)).Outcome.ToString());

    public static Func<string, Task<DeliveryOutcome>> Through(HttpClient http, Uri host) =>
        async id => Enum.Parse<DeliveryOutcome>(await http.GetStringAsync(new Uri(host, Path + id)));
}
