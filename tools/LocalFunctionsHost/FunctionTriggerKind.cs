namespace LocalFunctionsHost;

internal enum FunctionTriggerKind
{
    Other,
    Http,
    Timer,
}
