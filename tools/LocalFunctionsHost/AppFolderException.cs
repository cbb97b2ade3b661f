namespace LocalFunctionsHost;

/// <summary>The app folder cannot be run; the message says what to fix and is shown as one line.</summary>
internal sealed class AppFolderException(string message) : Exception(message);
