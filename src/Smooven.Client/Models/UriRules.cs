namespace Smooven.Client;

/// <summary>What the SDK accepts as an address it sends to or tells Smooven about.</summary>
internal static class UriRules
{
    public static bool IsAbsoluteHttp(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
