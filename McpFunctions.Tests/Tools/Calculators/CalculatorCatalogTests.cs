using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

public class CalculatorCatalogTests
{
    private readonly CalculatorCatalog _catalog = new();

    private List<string> SearchIds(string query) => [.. _catalog.Search(query).Select(h => h.Calculator.Definition.Id)];

    [Fact]
    public void Constructor_RegistersTheBuiltInCalculators_InCatalogueOrder()
    {
        Assert.Equal(
            ["bmi", "bsa-mosteller", "egfr-ckd-epi-2021", "cockcroft-gault", "cha2ds2-vasc", "has-bled", "qtc", "curb-65"],
            _catalog.All.Select(c => c.Definition.Id));
        Assert.Equal(["Anthropometry", "Cardiology", "Nephrology", "Pulmonology"], _catalog.Categories);
    }

    [Fact]
    public void Constructor_RejectsDuplicateIds()
    {
        var exception = Assert.Throws<ArgumentException>(() => new CalculatorCatalog([new BmiCalculator(), new BmiCalculator()]));

        Assert.StartsWith("Calculator id 'bmi' is registered twice.", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bmi")]
    [InlineData("BMI")]
    [InlineData(" bmi ")]
    public void Find_IsCaseInsensitive(string id)
    {
        Assert.IsType<BmiCalculator>(_catalog.Find(id));
    }

    [Theory]
    [InlineData("body-mass-index")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_ReturnsNull_ForUnknownId(string? id)
    {
        Assert.Null(_catalog.Find(id));
    }

    [Fact]
    public void InCategory_IsCaseInsensitive_AndNullWhenUnknown()
    {
        Assert.Equal(["cha2ds2-vasc", "has-bled", "qtc"], _catalog.InCategory("cardiology")!.Select(c => c.Definition.Id));
        Assert.Null(_catalog.InCategory("Oncology"));
    }

    [Fact]
    public void Search_KidneyFunction_FindsBothRenalCalculatorsFirst()
    {
        var ids = SearchIds("kidney function");

        Assert.Equal(["cockcroft-gault", "egfr-ckd-epi-2021"], ids.Take(2).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("bmi", ids);
    }

    [Theory]
    [InlineData("CHA2DS2-VASc")]
    [InlineData("cha₂ds₂-vasc")]
    [InlineData("cha2ds2vasc")]
    [InlineData("chads")]
    public void Search_FindsChadsVasc_WhateverTheSpelling(string query)
    {
        Assert.Equal("cha2ds2-vasc", SearchIds(query).First());
    }

    [Fact]
    public void Search_Creatinine_FindsTheTwoCreatinineBasedCalculators()
    {
        Assert.Equal(["cockcroft-gault", "egfr-ckd-epi-2021"], SearchIds("creatinine").Order(StringComparer.Ordinal));
    }

    // Weights: id > name > keyword > category > description; a whole word counts double a prefix.
    [Fact]
    public void Search_RanksByFieldTheWordAppearsIn()
    {
        var catalog = new CalculatorCatalog(
        [
            Stub("in-description", description: "about zebra"),
            Stub("in-category", category: "Zebra"),
            Stub("in-keyword", keywords: ["zebra"]),
            Stub("in-name", name: "Zebra score"),
            Stub("zebra"),
            Stub("unrelated"),
        ]);

        var hits = catalog.Search("ZEBRA");

        Assert.Equal(["zebra", "in-name", "in-keyword", "in-category", "in-description"], hits.Select(h => h.Calculator.Definition.Id));
        Assert.Equal([12, 10, 8, 6, 2], hits.Select(h => h.Score));
        Assert.Equal([6, 5, 4, 3, 1], catalog.Search("zeb").Select(h => h.Score));
    }

    [Fact]
    public void Search_AddsScoresAcrossQueryWords()
    {
        var catalog = new CalculatorCatalog(
        [
            Stub("one", name: "Alpha"),
            Stub("both", description: "alpha and beta"),
        ]);

        var hits = catalog.Search("alpha beta");

        // "one": alpha in name (10); "both": alpha (2) + beta (2) in description.
        Assert.Equal([("one", 10), ("both", 4)], hits.Select(h => (h.Calculator.Definition.Id, h.Score)));
    }

    [Fact]
    public void Search_MultipleWords_RanksCalculatorMatchingMoreWordsFirst()
    {
        var ids = SearchIds("atrial fibrillation stroke");

        Assert.Equal("cha2ds2-vasc", ids[0]);
        Assert.Contains("has-bled", ids);
    }

    [Theory]
    [InlineData("QT", "qtc")]
    [InlineData("bazett", "qtc")]
    [InlineData("pneum", "curb-65")]
    [InlineData("CURB65", "curb-65")]
    [InlineData("hasbled", "has-bled")]
    [InlineData("surface", "bsa-mosteller")]
    [InlineData("Body Mass Index", "bmi")]
    public void Search_FindsExpectedCalculatorFirst(string query, string expectedId)
    {
        Assert.Equal(expectedId, SearchIds(query).First());
    }

    [Theory]
    [InlineData("xylophone")]
    [InlineData("the of and")]
    [InlineData("  ")]
    [InlineData("a")]
    public void Search_ReturnsNothing_WhenNoWordMatches(string query)
    {
        Assert.Empty(_catalog.Search(query));
    }

    [Fact]
    public void Tokenize_NormalisesSubscriptsAndCase()
    {
        Assert.Equal(["cha2ds2", "vasc", "score"], CalculatorCatalog.Tokenize("CHA₂DS₂-VASc Score"));
    }

    // Every calculator must name its publication, and every multi-unit input must be wired to a unit
    // selector offering exactly its units, with ranges that agree across units.
    [Fact]
    public void Definitions_AreConsistent()
    {
        foreach (var definition in _catalog.All.Select(c => c.Definition))
        {
            Assert.Matches(@"(doi:10\.\d+/\S+|PMID: \d+)", definition.Source);
            Assert.Matches(@"(19|20)\d\d", definition.Source);
            Assert.Equal(definition.Inputs.Count, definition.Inputs.Select(i => i.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());

            foreach (var input in definition.Inputs.Where(i => i.UnitInput is not null))
            {
                var selector = definition.FindInput(input.UnitInput!);
                Assert.NotNull(selector);
                Assert.Equal(CalculatorInputKind.Choice, selector.Kind);
                Assert.Equal(input.Ranges.Select(r => r.Unit), selector.AllowedValues);
                Assert.Equal(input.CanonicalRange.Unit, selector.DefaultValue);

                foreach (var range in input.Ranges.Skip(1))
                {
                    var canonical = input.CanonicalRange;
                    Assert.InRange(range.Minimum * range.ToCanonicalFactor, canonical.Minimum * 0.9, canonical.Minimum * 1.1);
                    Assert.InRange(range.Maximum * range.ToCanonicalFactor, canonical.Maximum * 0.9, canonical.Maximum * 1.1);
                }
            }
        }
    }

    private static StubCalculator Stub(
        string id, string name = "Stub", string category = "Other", string description = "Nothing.", string[]? keywords = null) =>
        new(new CalculatorDefinition(id, name, category, description, keywords ?? [], [], "Nobody. Nowhere. 2000. PMID: 1."));

    private sealed class StubCalculator(CalculatorDefinition definition) : IClinicalCalculator
    {
        public CalculatorDefinition Definition { get; } = definition;

        public CalculationResult Calculate(CalculatorArguments arguments) => throw new NotSupportedException();
    }
}
