namespace McpFunctions.Hosting;

/// <summary>Registered by <see cref="ErrorBoundaryExtensions.AddErrorBoundary"/>, so <c>UseErrorBoundary</c> can tell it was called.</summary>
internal sealed class ErrorBoundaryMarker;
