using System.Reflection;
using McpFunctions.Functions;
using Microsoft.Azure.Functions.Worker;

namespace McpFunctions.Tests.Hosting;

/// <summary>
/// The Worker SDK generates the executor that calls each function. It calls a public method of a public type
/// directly; for any other it creates a new default executor on every invocation, which compiles an expression tree
/// into a fresh dynamic method each time (measured behind the local host: several times the CPU per tools/call).
/// These tests keep every function on the direct path.
/// </summary>
public sealed class GeneratedFunctionExecutorTests
{
    private static readonly Assembly App = typeof(FunctionRouteTable).Assembly;

    [Fact]
    public void EveryFunction_IsAPublicStaticMethodOfAPublicType()
    {
        // Arrange
        var functions = App.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToList();

        // Act
        var offPath = functions
            .Where(m => !m.IsPublic || !m.IsStatic || !m.DeclaringType!.IsVisible)
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToList();

        // Assert: the 15 HTTP functions and the purge timer.
        Assert.Equal(FunctionRouteTable.Routes.Count + 1, functions.Count);
        Assert.Empty(offPath);
    }

    [Fact]
    public void GeneratedExecutor_HasNoPerInvocationFallback()
    {
        // Arrange
        var executor = App.GetType("McpFunctions.DirectFunctionExecutor", throwOnError: true)!;
        const BindingFlags Members = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance;

        // Act
        var fallbackField = executor.GetField("_defaultExecutor", Members);
        var fallbackFactory = executor.GetMethod("CreateDefaultExecutorInstance", Members);

        // Assert
        Assert.Null(fallbackField);
        Assert.Null(fallbackFactory);
    }
}
