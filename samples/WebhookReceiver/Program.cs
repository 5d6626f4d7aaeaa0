using Microsoft.AspNetCore.Builder;
using WebhookReceiver;

// dotnet run --project samples/WebhookReceiver   (listens on http://127.0.0.1:5000/webhooks/smooven)
var app = ReceiverApp.Build(args);

// Logging starts at Warning, so say here where the receiver listens and how to send it a callback.
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
    SignedCallbackRecipe.For(ReceiverApp.WebhookUrl(app), app.Configuration["Smooven:SecretKey"] ?? "")));
app.Run();
