using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Http;

/// <summary>
/// Keeps one retry pipeline for the DI path, where <see cref="SmoovenClient"/> is transient:
/// building a pipeline per resolved client would cost more than the request it guards. It is
/// rebuilt only when the options change.
/// </summary>
internal sealed class NotifyRetryPipelineCache(
    IOptionsMonitor<SmoovenClientOptions> options,
    TimeProvider timeProvider,
    SmoovenMetrics metrics,
    ILoggerFactory? loggerFactory = null)
{
    private readonly ILogger _logger = (ILogger?)loggerFactory?.CreateLogger<SmoovenClient>() ?? NullLogger.Instance;
    private Entry? _current;

    public SmoovenClientOptions Options => options.CurrentValue;

    public ResiliencePipeline<HttpResponseMessage> Get(SmoovenClientOptions current)
    {
        var cached = Volatile.Read(ref _current);
        if (cached is not null && ReferenceEquals(cached.Options, current))
        {
            return cached.Pipeline;
        }

        var pipeline = NotifyRetryPipeline.Create(current, timeProvider, _logger, metrics);
        Volatile.Write(ref _current, new Entry(current, pipeline));
        return pipeline;
    }

    private sealed record Entry(SmoovenClientOptions Options, ResiliencePipeline<HttpResponseMessage> Pipeline);
}
