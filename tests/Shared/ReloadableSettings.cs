using Microsoft.Extensions.Configuration;

namespace Smooven.Client.TestSupport;

/// <summary>Settings that can be swapped at run time, as a file or a vault provider does on reload.</summary>
internal sealed class ReloadableSettings(Dictionary<string, string?> initial) : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public override void Load() => Data = new Dictionary<string, string?>(initial, StringComparer.OrdinalIgnoreCase);

    public void Replace(Dictionary<string, string?> settings)
    {
        Data = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
        OnReload();
    }
}
