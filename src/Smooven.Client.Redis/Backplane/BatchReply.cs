using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Smooven.Client.Redis.Diagnostics;
using Smooven.Client.Redis.Reading;
using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// One script call of <see cref="WriteBatcher"/>: what it sent, the reply Redis gives, how many
/// times the connection had been restored when it was taken, and where this instance's reader was
/// then, before anything the batch appends.
/// </summary>
internal sealed record Batch(List<PendingClaim> Claims, List<PendingCompletion> Completions, Task<RedisResult> Reply, int Restorations, RedisValue ReadFrom);

/// <summary>
/// What a batch's reply means for the writes in it: each claim's answer, or, when the batch failed,
/// the failure for its claims and a log line for its completions. Every claim gets an answer,
/// whatever failed: a claim left unanswered would hold its callback until Smooven hangs up.
/// </summary>
internal static class BatchReply
{
    /// <summary>Answers the claims of a batch that ran; returns the failure, with nothing answered, when it did not.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The batch's claims get the exception.")]
    public static Exception? TryAnswer(Batch batch, StreamCursor cursor)
    {
        try
        {
            var results = (RedisResult[])batch.Reply.GetAwaiter().GetResult()!;
            var answers = new int[batch.Claims.Count];
            for (var i = 0; i < answers.Length; i++)
            {
                answers[i] = (int)results[2 + i];
            }

            PassOwnAppends(results, cursor);
            for (var i = 0; i < answers.Length; i++)
            {
                batch.Claims[i].Result.TrySetResult(answers[i]);
            }

            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// Fails the claims of a batch that did not run, and logs its completions. What its claims may have
    /// appended all the same is put in doubt first, for this instance's reader to publish
    /// (<see cref="OwnAppendsInDoubt"/>): their callers publish nothing.
    /// </summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A throwing logger must not stop the batches.")]
    public static void Fail(Batch batch, Exception failure, OwnAppendsInDoubt inDoubt, ILogger logger)
    {
        if (batch.Claims.Count > 0 && MayHaveRun(failure))
        {
            inDoubt.Add(batch.Claims.Select(claim => claim.Key), batch.ReadFrom);
        }

        foreach (var claim in batch.Claims)
        {
            claim.Result.TrySetException(failure);
        }

        try
        {
            // A lost claim's release is sent again (UnsettledLeases), and its claim's failure was logged. A
            // resend's first failure was logged, which a Redis out of memory for an hour would repeat every
            // few seconds; but a resend refused for good is dropped, which that line did not say.
            var dropped = RedisRefusal.IsForGood(failure);
            foreach (var completion in batch.Completions.Where(completion => !completion.IsLostClaimRelease && (!completion.IsResend || dropped)))
            {
                if (completion.IsRenewal)
                {
                    RedisLog.RenewFailed(logger, completion.Callback.Event, completion.Callback.NotificationId, failure);
                }
                else
                {
                    RedisLog.CompleteFailed(logger, completion.Callback.Event, completion.Callback.NotificationId, failure);
                }
            }
        }
        catch (Exception)
        {
        }
    }

    /// <summary>
    /// Whether a failed batch may have run all the same (its reply lost, or later than the timeout).
    /// One refused while Redis could not be reached (BacklogPolicy.FailFast) never left; one refused
    /// for want of memory wrote nothing, since Redis refuses only a script's first write.
    /// </summary>
    public static bool MayHaveRun(Exception failure) => failure switch
    {
        RedisConnectionException { CommandStatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog } => false,
        RedisTimeoutException { Commandstatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog } => false,
        _ when RedisRefusal.IsOutOfMemory(failure) => false,
        _ => true,
    };

    /// <summary>
    /// Whether a failed batch failed while Redis was still there: a reply later than the timeout, or an
    /// error that passes on its own (BUSY, LOADING), as opposed to a lost connection or a refusal.
    /// </summary>
    public static bool AnswersLater(Exception failure) =>
        failure is RedisTimeoutException || (failure is RedisServerException && !RedisRefusal.Is(failure));

    // Before the answers, so that a caller finds the cursor past its entry. The claims are recorded
    // whatever the cursor makes of the ids: if it cannot pass them, the reader reads them back.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Only an optimisation fails here.")]
    private static void PassOwnAppends(RedisResult[] results, StreamCursor cursor)
    {
        try
        {
            if (results[1].ToString() is { Length: > 0 } lastAppended)
            {
                cursor.PassOwn(results[0].ToString(), lastAppended);
            }
        }
        catch (Exception)
        {
        }
    }
}
