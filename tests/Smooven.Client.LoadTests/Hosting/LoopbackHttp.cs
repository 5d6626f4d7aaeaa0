namespace Smooven.Client.LoadTests.Hosting;

/// <summary>The HTTP client both sides of an A/B use: same handler settings, one pool each.</summary>
internal static class LoopbackHttp
{
    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = int.MaxValue,
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
}
