namespace Smooven.Emulator;

/// <summary>What the tool prints once it listens: where, with which key, and a request to try.</summary>
internal static class Banner
{
    public static string For(Uri baseAddress, string secretKey)
    {
        var notifyUrl = new Uri(baseAddress, "v1/agent/notify");
        return $$"""
            Smooven emulator is running. No account, no network: everything stays on 127.0.0.1.

              Base URL    {{baseAddress}}
              Secret key  {{secretKey}}

            Try it (callbacks go to your callback_url):
              curl -i {{notifyUrl}} \
                -H "Authorization: Bearer {{secretKey}}" -H "Content-Type: application/json" \
                -d '{"intent":"Remind Sarah about her appointment","context":{"user_id":"sarah@example.com"},"callback_url":"http://127.0.0.1:5000/webhooks/smooven"}'

            Scenario tags in user_id: {{CommandLine.TagList}}.
            Press Ctrl+C to stop.

            """;
    }
}
