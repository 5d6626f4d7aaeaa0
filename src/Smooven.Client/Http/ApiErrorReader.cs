using System.Net;
using System.Text;
using System.Text.Json;
using Smooven.Client.Serialization;

namespace Smooven.Client.Http;

/// <summary>Turns a non-2xx answer into a <see cref="SmoovenApiException"/>, whatever its body looks like.</summary>
internal static class ApiErrorReader
{
    private const int MaxBodyChars = 4096;

    private const string KeyShownAs = "[secret key]";

    // A real key is far longer ("sk_live_" alone is 8). A shorter one is a test's placeholder ("key", "sk"), whose
    // replacement would mangle ordinary words and codes such as invalid_api_key, and which is no secret to keep.
    private const int ShortestKeyHidden = 8;

    public static async Task<SmoovenApiException> ReadAsync(
        HttpResponseMessage response, Uri notifyUri, NotifyAttempts attempts, string secretKey, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // A service or gateway that quotes the Authorization header back ("invalid key sk_live_...") must not put the
        // key into a message, a property or a log line.
        string? Hide(string? text) => secretKey.Length < ShortestKeyHidden ? text : text?.Replace(secretKey, KeyShownAs, StringComparison.Ordinal);

        // An earlier attempt's timeout or gateway error leaves it open when this answer is a refusal for load (429, 503),
        // which says nothing of the earlier attempts. A refusal of the request itself (400, 401, 422...) does: every attempt
        // carried the same body and key, and had Smooven taken one, this one would have been its replay or a 409.
        var mayHaveBeenAccepted = RetryAdvice.MayHaveBeenAccepted(response.StatusCode)
            || (TransientFailures.IsRetriableStatus(response.StatusCode) && attempts.MayHaveReachedSmooven);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var error = TryParse(WithoutByteOrderMark(body));
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;
        return new SmoovenApiException(
            response.StatusCode,
            Hide(error?.Type),
            Hide(error?.Code),
            Hide(error?.Message),
            Hide(requestId),
            body.Length == 0 ? null : Truncate(Hide(DecodeHead(WithoutByteOrderMark(body)))!),
            RetryAfterReader.Read(response, timeProvider),
            AdviceFor(response.StatusCode, notifyUri, mayHaveBeenAccepted ? attempts.IdempotencyKey : null))
        {
            IdempotencyKey = attempts.IdempotencyKey,
            MayHaveBeenAccepted = mayHaveBeenAccepted,
        };
    }

    private static string? AdviceFor(HttpStatusCode statusCode, Uri notifyUri, string? keyToRetryWith) => statusCode switch
    {
        // Almost always a BaseAddress with a path of its own (such as '/v1'), which the message alone would not show.
        HttpStatusCode.NotFound =>
            $"The request went to POST {notifyUri}; if that is not Smooven's notify endpoint, fix SmoovenClientOptions.BaseAddress, " +
            $"to which the client adds v1/agent/notify (the default is {SmoovenClientOptions.DefaultBaseAddress}).",
        _ when keyToRetryWith is not null => RetryAdvice.SameKey(keyToRetryWith),
        _ => null,
    };

    // As for a 2xx answer (AcceptedAnswerReader): the span overloads of the serializer do not skip one.
    private static ReadOnlySpan<byte> WithoutByteOrderMark(byte[] body) =>
        body.AsSpan().StartsWith("\uFEFF"u8) ? body.AsSpan(3) : body;

    private static ApiErrorBody? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, SmoovenJsonContext.Default.ApiErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Enough bytes for MaxBodyChars characters of any UTF-8.
    private static string DecodeHead(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxBodyChars * 4)]);

    private static string Truncate(string text) => text.Length <= MaxBodyChars ? text : text[..MaxBodyChars];
}
