namespace Smooven.Client.AspNetCore;

/// <summary>The answer of <see cref="ISmoovenWebhookBackplane.ClaimAsync"/>.</summary>
public enum SmoovenBackplaneClaim
{
    /// <summary>This instance handles the delivery and must complete the claim.</summary>
    Claimed,

    /// <summary>A delivery with the same body was handled already: answer 200 without handling it.</summary>
    Duplicate,

    /// <summary>Another instance is handling the same delivery now: answer 503 so that Smooven retries it.</summary>
    Busy,

    /// <summary>The shared store cannot be reached: answer 503 so that Smooven retries it.</summary>
    Unavailable,
}
