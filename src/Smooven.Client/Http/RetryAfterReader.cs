using System.Globalization;

namespace Smooven.Client.Http;

/// <summary>Reads <c>Retry-After</c> in either of its forms: delta seconds or an HTTP date.</summary>
internal static class RetryAfterReader
{
    // TimeSpan holds about 29,000 years of seconds; anything longer is over every cap anyway.
    private const long LongestDeltaSeconds = long.MaxValue / TimeSpan.TicksPerSecond;

    /// <summary>The delay Smooven asked for, <see cref="TimeSpan.MaxValue"/> when it is too large to
    /// represent (so that it counts as over <c>MaxRetryAfter</c>), or null when there is none.</summary>
    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider timeProvider)
    {
        // The typed header drops delta seconds past int.MaxValue, so they are read from the raw text.
        if (response.Headers.NonValidated.TryGetValues("Retry-After", out var raw)
            && raw.Count == 1
            && DeltaSeconds(raw.ToString().Trim()) is { } delta)
        {
            return delta;
        }

        if (response.Headers.RetryAfter?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static TimeSpan? DeltaSeconds(string text)
    {
        if (text.Length == 0 || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= LongestDeltaSeconds
            ? TimeSpan.FromTicks(seconds * TimeSpan.TicksPerSecond)
            : TimeSpan.MaxValue;
    }
}
