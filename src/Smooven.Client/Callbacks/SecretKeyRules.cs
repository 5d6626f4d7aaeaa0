namespace Smooven.Client;

/// <summary>
/// What a secret key may contain: printable ASCII without spaces (0x21 to 0x7E), because it goes
/// into the <c>Authorization</c> header as it is and keys the callback HMAC byte for byte. A key
/// with a stray line break would end the header section on the wire, and would never verify a
/// callback. Surrounding white space is refused rather than trimmed, so that the key used is
/// always the key configured. A key given to <see cref="CallbackVerifier"/> alone only keys the
/// HMAC, as its UTF-8 bytes (wire contract), so there only white space and control characters are refused.
/// </summary>
internal static class SecretKeyRules
{
    /// <summary>What is wrong with <paramref name="key"/>, without quoting it, or null when it is usable.
    /// The text completes a sentence that starts with the option's name.</summary>
    /// <param name="key">The key as configured.</param>
    /// <param name="asciiOnly">True for a key that also goes into a header (the client's); a key that
    /// only verifies callbacks may hold other characters, used as their UTF-8 bytes.</param>
    public static string? FindProblem(string? key, bool asciiOnly)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "is empty";
        }

        if (IsWhiteSpaceOrControl(key[0]) || IsWhiteSpaceOrControl(key[^1]))
        {
            return "has leading or trailing white space, most likely the line break that ends the file or " +
                "secret it was read from. Trim it where the key is read (the SDK does not trim keys for you)";
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is >= '!' and <= '~' || (!asciiOnly && c > '\u007F' && !IsWhiteSpaceOrControl(c)))
            {
                continue;
            }

            var what = c switch
            {
                '\r' or '\n' => "a line break",
                ' ' => "a space",
                _ when char.IsControl(c) => "a control character",
                _ when char.IsWhiteSpace(c) => "a white space character",
                _ => "a non-ASCII character",
            };
            return $"contains {what} at position {i + 1}. A secret key is printable ASCII without spaces; " +
                "copy it again from where Smooven issued it";
        }

        return null;
    }

    private static bool IsWhiteSpaceOrControl(char c) => char.IsWhiteSpace(c) || char.IsControl(c);
}
