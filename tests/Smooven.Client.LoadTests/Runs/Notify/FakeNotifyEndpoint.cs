using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Smooven.Client.LoadTests.Runs.Notify;

/// <summary>
/// The smallest stand-in for Smooven's notify API: reads the request and answers 202 with a fresh
/// notification_id. Both sides of the notify A/B hit this same endpoint.
/// </summary>
internal sealed class FakeNotifyEndpoint
{
    public const string Path = "/v1/agent/notify";

    private long _issued;
    private volatile string? _lastBody;
    private volatile bool _captureNext;

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, HandleAsync);

    /// <summary>Keeps the body of the next request, to check that both sides send the same bytes.</summary>
    public void CaptureNext()
    {
        _lastBody = null;
        _captureNext = true;
    }

    public string? LastBody => _lastBody;

    private async Task HandleAsync(HttpContext context)
    {
        if (_captureNext)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            _lastBody = await reader.ReadToEndAsync(context.RequestAborted);
            _captureNext = false;
        }
        else
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }

        var id = Interlocked.Increment(ref _issued).ToString("D12", CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"notification_id":"ntf_{{id}}","status":"queued"}""", context.RequestAborted);
    }
}
