namespace McpFunctions.Functions;

/// <summary>The app's middleware as the composition root lists it, run in front of every HTTP function in the worker.</summary>
internal sealed record AppMiddleware(Action<IApplicationBuilder> Configure);
