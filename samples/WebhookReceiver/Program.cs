using WebhookReceiver;

// dotnet run --project samples/WebhookReceiver   (listens on http://127.0.0.1:5000/webhooks/smooven)
var app = ReceiverApp.Build(args);
app.Run();
