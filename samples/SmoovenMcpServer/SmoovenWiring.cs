using Microsoft.Extensions.DependencyInjection;
using Smooven.Client;
using Smooven.Client.Testing;

namespace SmoovenMcpServer;

/// <summary>The Smooven client, against the emulator or the real service.</summary>
public static class SmoovenWiring
{
    public static void AddSmooven(IServiceCollection services, ServerSettings settings, SmoovenEmulator? emulator)
    {
        services.AddSmoovenClient(options =>
        {
            if (emulator is not null)
            {
                options.SecretKey = emulator.SecretKey;
                options.BaseAddress = emulator.BaseAddress;
                return;
            }

            options.SecretKey = settings.SecretKey!;
            options.DefaultCallbackUrl = settings.CallbackUrl;
            if (settings.BaseAddress is not null)
            {
                options.BaseAddress = settings.BaseAddress;
            }
        });
    }

    /// <summary>A line for the operator, on stderr: stdout may be the MCP transport.</summary>
    public static string Describe(ServerSettings settings, SmoovenEmulator? emulator) => emulator is null
        ? $"Smooven MCP server ({(settings.Http ? "HTTP" : "stdio")}) using the real Smooven; callbacks to {settings.CallbackUrl}."
        : $"Smooven MCP server ({(settings.Http ? "HTTP" : "stdio")}) using the Smooven emulator at {emulator.BaseAddress} " +
          "(set SMOOVEN_SECRET_KEY and SMOOVEN_CALLBACK_URL for the real service). Tag a user id to pick a story: sarah+failed@example.com.";
}
