namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>What became of a verified callback handed to the <see cref="CallbackDispatcher"/>.</summary>
internal enum DispatchOutcome
{
    /// <summary>The tracker and every handler saw it: answer 200.</summary>
    Handled,

    /// <summary>A retried delivery already handled, not handled again: answer 200.</summary>
    Duplicate,

    /// <summary>A handler threw: answer 500 so that Smooven retries.</summary>
    HandlerFailed,

    /// <summary>
    /// The backplane could not record it, or answered <see cref="SmoovenBackplaneClaim.Busy"/> because another
    /// instance is handling the same delivery now: answer 503 with <c>Retry-After</c> so that Smooven retries.
    /// </summary>
    Unavailable,
}
