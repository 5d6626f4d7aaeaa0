namespace WebhookReceiver;

/// <summary>
/// What the receiver prints once it listens: where, and a shell recipe that signs a callback with
/// openssl the way Smooven does (HMAC-SHA256 of "t.body", lowercase hex; docs/wire-contract.md)
/// and posts it with curl.
/// </summary>
public static class SignedCallbackRecipe
{
    // Only a test key is printed; a live key stays out of the console and the shell history.
    private const string KeyFromShell = "$SMOOVEN_SECRET_KEY";

    public static string For(Uri webhookUrl, string secretKey)
    {
        var isTestKey = secretKey.StartsWith("sk_test_", StringComparison.Ordinal) && !secretKey.Contains('\'', StringComparison.Ordinal);
        var key = isTestKey ? $"'{secretKey}'" : $"\"{KeyFromShell}\"";
        var keyNote = isTestKey ? "" : "; first set SMOOVEN_SECRET_KEY in it to the receiver's key";
        return $$"""
            Smooven webhook receiver listening on {{webhookUrl}}
            Send it a signed callback (a POSIX shell with openssl and curl{{keyNote}}):

              body='{"event":"notification.delivered","notification_id":"ntf_curl_demo","channel_used":"sms","status":"delivered","timestamp":"2026-03-05T08:00:15Z"}'
              t=$(date +%s)
              sig=$(printf '%s' "$t.$body" | openssl dgst -sha256 -hmac {{key}} | awk '{print $NF}')
              curl -i {{webhookUrl}} -H 'Content-Type: application/json' -H "X-Smooven-Signature: t=$t,v1=$sig" --data-raw "$body"

            Press Ctrl+C to stop.
            """;
    }
}
