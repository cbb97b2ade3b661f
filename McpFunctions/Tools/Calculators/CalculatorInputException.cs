namespace McpFunctions.Tools.Calculators;

/// <summary>
/// A caller's mistake in the inputs (missing, wrong type, out of range, wrong unit). The message is
/// written for the caller and names the input; the tool layer turns it into a tool error
/// (<c>isError: true</c>) rather than a protocol error.
/// </summary>
internal sealed class CalculatorInputException : Exception
{
    public CalculatorInputException()
    {
    }

    public CalculatorInputException(string message)
        : base(message)
    {
    }

    public CalculatorInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
