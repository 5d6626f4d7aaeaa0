namespace Smooven.Client.Diagnostics;

/// <summary>
/// An address as text that is safe to show: a callback URL may carry the webhook's basic-auth password,
/// so only the presence of credentials is shown (<c>https://***@host/path</c>). Also compiled into
/// Smooven.Client.Testing, whose emulator logs callback URLs.
/// </summary>
internal static class UriUserInfo
{
    public static string? Masked(Uri? address) =>
        address is { IsAbsoluteUri: true, UserInfo.Length: > 0 }
            ? new UriBuilder(address) { UserName = "***", Password = string.Empty }.Uri.AbsoluteUri
            : address?.ToString();
}
