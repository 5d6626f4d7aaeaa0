using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Smooven.Client.LoadTests.Runs.Redis;

/// <summary>
/// A wait asked for over HTTP, for instances in child processes: <c>GET /load/wait/{id}</c> sends its
/// headers once the wait is registered, then the outcome once the instance's tracker has one (10 s at
/// most). Load program only.
/// </summary>
internal static class RemoteWait
{
    private const string Path = "load/wait/";

    private static readonly SendAndWaitOptions WaitOptions = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/" + Path + "{id}", async (HttpContext context, string id, DeliveryTracker tracker) =>
        {
            var wait = tracker.WaitAsync(id, WaitOptions);
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync(); // StartAsync alone leaves the headers buffered
            await context.Response.WriteAsync((await wait).Outcome.ToString());
        });

    /// <summary>Registers a wait on the instance at <paramref name="host"/>; the task answers once it is registered.</summary>
    public static Func<string, Task<Task<DeliveryOutcome>>> Through(HttpClient http, Uri host) => async id =>
    {
        var response = await http.GetAsync(new Uri(host, Path + id), HttpCompletionOption.ResponseHeadersRead);
        return ReadOutcomeAsync(response.EnsureSuccessStatusCode());
    };

    private static async Task<DeliveryOutcome> ReadOutcomeAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return Enum.Parse<DeliveryOutcome>(await response.Content.ReadAsStringAsync());
        }
    }
}
