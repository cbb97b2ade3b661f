var app = WebApplication.CreateBuilder(args).Build();
app.MapMethods("/", ["HEAD"], () => Results.Ok());
app.Run();
