using McpFunctions;

var builder = WebApplication.CreateBuilder(args);
builder.AddMcpFunctions();

var app = builder.Build();
app.MapMcpFunctions();
app.Run();
