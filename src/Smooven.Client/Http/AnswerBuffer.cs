namespace Smooven.Client.Http;

/// <summary>
/// Reads an answer's body into memory, never more than <see cref="MaxBytes"/> of it: a proxy's
/// endless page or a hostile server must not make a notify call hold gigabytes.
/// </summary>
internal static class AnswerBuffer
{
    /// <summary>A notify answer is a few dozen bytes, and an error body is kept cut to 4 KiB; more is not worth reading.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int FirstReadBytes = 1024;

    /// <summary>
    /// Replaces the response's content with its first <see cref="MaxBytes"/> bytes, read now, so the
    /// rest of the client reads it from memory. Throws for a 2xx answer longer than that, which cannot be
    /// Smooven's; an error answer is kept cut short, as its body only serves to describe the error.
    /// </summary>
    /// <exception cref="HttpRequestException">The connection failed while the body was read.</exception>
    /// <exception cref="SmoovenException">A 2xx answer is longer than <see cref="MaxBytes"/>.</exception>
    public static async Task BufferAsync(HttpResponseMessage response, string idempotencyKey, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var (body, length, cut) = await ReadAsync(content, cancellationToken).ConfigureAwait(false);
        if (cut && response.IsSuccessStatusCode)
        {
            throw new SmoovenException(
                $"Smooven answered {(int)response.StatusCode} with a body longer than {MaxBytes} bytes, which is not a notify answer " +
                "(a few dozen bytes); the rest was not read. Check that SmoovenClientOptions.BaseAddress points at Smooven, not at a proxy or web page. " +
                RetryAdvice.SameKey(idempotencyKey))
            {
                IdempotencyKey = idempotencyKey,
                MayHaveBeenAccepted = true,
            };
        }

        var buffered = new ByteArrayContent(body, 0, length);
        foreach (var header in content.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = buffered;
        content.Dispose();
    }

    private static async Task<(byte[] Body, int Length, bool Cut)> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // One byte past the limit tells a body of exactly MaxBytes from a longer one.
                var buffer = new byte[content.Headers.ContentLength is long declared and <= MaxBytes ? (int)declared + 1 : FirstReadBytes];
                var length = 0;
                int read;
                do
                {
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBytes + 1));
                    }

                    read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    length += read;
                }
                while (read != 0 && length <= MaxBytes);

                return (buffer, Math.Min(length, MaxBytes), length > MaxBytes);
            }
        }
        catch (IOException ex)
        {
            // As HttpClient reports a body cut short when it buffers one itself, so that it is retried the same way.
            var error = ex is HttpIOException http ? http.HttpRequestError : HttpRequestError.Unknown;
            throw new HttpRequestException(error, "The connection failed while Smooven's answer was read: " + ex.Message, ex);
        }
    }
}
