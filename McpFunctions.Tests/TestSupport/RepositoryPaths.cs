namespace McpFunctions.Tests.TestSupport;

/// <summary>Paths inside the repository, found from the test assembly's folder rather than the working directory.</summary>
internal static class RepositoryPaths
{
    private const string SolutionFileName = "McpFunctions.slnx";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>McpFunctions.slnx</c>, <c>package.json</c> and <c>host.json</c>.</summary>
    public static string Root => LazyRoot.Value;

    public static string NodeModules => Path.Combine(Root, "node_modules");

    public static string AppProject => Path.Combine(Root, "McpFunctions", "McpFunctions.csproj");

    public static string InRoot(params string[] relative) => Path.Combine([Root, .. relative]);

    /// <summary>
    /// The folder of an installed npm package, or an exception telling the reader to run <c>npm ci</c>:
    /// <c>node_modules</c> is not committed, and a missing package is a setup step, not a product failure.
    /// </summary>
    public static string RequireNodePackage(string packageName)
    {
        var folder = Path.Combine([NodeModules, .. packageName.Split('/')]);
        if (!File.Exists(Path.Combine(folder, "package.json")))
        {
            throw new InvalidOperationException(
                $"The npm package '{packageName}' is not installed at {folder}. " +
                $"Run `npm ci` in {Root} (the root package.json pins the end-to-end test tools), then run the tests again.");
        }

        return folder;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFileName} found in {AppContext.BaseDirectory} or any folder above it; run the tests from a clone of the repository.");
    }
}
