namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>A fact that needs redis-server: skipped with the reason when it is missing, unless SMOOVEN_REQUIRE_REDIS=1.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = RedisServer.SkipReason;
    }
}

/// <summary>A theory that needs redis-server, skipped as <see cref="RedisFactAttribute"/> is.</summary>
public sealed class RedisTheoryAttribute : TheoryAttribute
{
    public RedisTheoryAttribute()
    {
        Skip = RedisServer.SkipReason;
    }
}
