namespace Smooven.Client.Tests.Models;

public class ModelFactoryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_callback_without_a_notification_id_is_refused_where_it_is_built(string? notificationId)
    {
        // Built for a test and published, it failed inside the tracker with a NullReferenceException.
        var error = Assert.ThrowsAny<ArgumentException>(
            () => SmoovenModelFactory.DeliveryCallback(CallbackEvent.Delivered, notificationId!, DateTimeOffset.UnixEpoch));

        Assert.Equal("notificationId", error.ParamName);
    }
}
