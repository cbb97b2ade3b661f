using McpFunctions.Hosting;
using McpFunctions.Tests.Architecture.Planted.High;

namespace McpFunctions.Tests.Architecture;

/// <summary>The floor table in <see cref="FolderLayers"/> holds for the shipped assembly, and the checker can fail.</summary>
public sealed class FolderLayerTests
{
    private static readonly System.Reflection.Assembly Product = typeof(IHttpStatusFault).Assembly;

    [Fact]
    public void No_folder_reaches_a_sibling_a_floor_above_or_the_composition_root()
    {
        var violations = LayerRuleChecker.Check(Product, FolderLayers.RootNamespace, FolderLayers.TopDown);

        Assert.True(violations.Count == 0,
            "Forbidden references (folder → folder it reaches: type that reaches it); see docs/architecture.md:\n" +
            string.Join('\n', violations));
    }

    [Fact]
    public void Every_folder_of_the_product_has_a_floor()
    {
        var unplaced = LayerRuleChecker.UnplacedFolders(Product, FolderLayers.RootNamespace, FolderLayers.TopDown);

        Assert.True(unplaced.Count == 0,
            $"Folders missing from FolderLayers.TopDown (place them, and in docs/architecture.md): {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void Every_floor_names_a_folder_that_exists()
    {
        var present = Product.GetTypes().Select(type => type.Namespace).OfType<string>()
            .Where(ns => ns.StartsWith(FolderLayers.RootNamespace + ".", StringComparison.Ordinal))
            .Select(ns => ns[(FolderLayers.RootNamespace.Length + 1)..].Split('.')[0])
            .ToHashSet(StringComparer.Ordinal);

        var missing = FolderLayers.TopDown.SelectMany(row => row).Where(folder => !present.Contains(folder)).ToArray();

        Assert.True(missing.Length == 0, $"FolderLayers.TopDown names folders the product does not have: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_checker_reports_an_upward_reference_a_sibling_reference_and_a_root_reference()
    {
        IReadOnlyList<IReadOnlyList<string>> floors = [["High"], ["Low", "Beside"]];

        var violations = LayerRuleChecker.Check(typeof(Planted.Low.ReachesUp).Assembly, PlantedRoot, floors)
            .Select(violation => violation.ToString())
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            [
                $"Low → (root): {PlantedRoot}.Low.ReachesTheRoot",
                $"Low → Beside: {PlantedRoot}.Low.ReachesASibling",
                $"Low → High: {PlantedRoot}.Low.ReachesUp",
            ],
            violations);
    }

    [Fact]
    public void The_checker_allows_downward_references_only()
    {
        IReadOnlyList<IReadOnlyList<string>> floors = [["High"], ["Low", "Beside"]];

        var violations = LayerRuleChecker.Check(typeof(Planted.Low.ReachesUp).Assembly, PlantedRoot, floors);

        Assert.DoesNotContain(violations, violation => violation.Folder == "High");
        Assert.DoesNotContain(violations, violation => violation.Folder == "Beside");
    }

    [Fact]
    public void The_checker_names_a_folder_the_table_does_not_place()
    {
        IReadOnlyList<IReadOnlyList<string>> floors = [["High"], ["Low"]];

        Assert.Equal(["Beside"], LayerRuleChecker.UnplacedFolders(typeof(UsesLow).Assembly, PlantedRoot, floors));
    }

    private const string PlantedRoot = "McpFunctions.Tests.Architecture.Planted";
}
