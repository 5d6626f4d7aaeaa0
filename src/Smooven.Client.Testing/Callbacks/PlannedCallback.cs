namespace Smooven.Client.Testing.Callbacks;

/// <summary>A callback ready to send: its body is fixed once, so every attempt carries the identical bytes.</summary>
internal sealed record PlannedCallback(string NotificationId, CallbackEvent Event, Channel Channel, Uri Url, byte[] Body);
