using McpFunctions;
using McpFunctions.Hosting;

var builder = WebApplication.CreateBuilder(FunctionsHostingEnvironment.CreateOptions(args));
builder.AddMcpFunctions();

var app = builder.Build();
app.MapMcpFunctions();
app.Run();
