using System.Text;

namespace McpFunctions.Tools.Calculators;

/// <summary>
/// The calculators this server offers, looked up by id and searched by words. Register as a singleton:
/// it is immutable after construction.
/// </summary>
internal sealed class CalculatorCatalog
{
    // Field weights for search ranking: a word in the id or name says more about what a calculator is
    // than the same word somewhere in its description.
    private const int IdWeight = 6;
    private const int NameWeight = 5;
    private const int KeywordWeight = 4;
    private const int CategoryWeight = 3;
    private const int DescriptionWeight = 1;

    // Prefix matches ("kidn" → "kidney") count, but only from three letters, or "a" would match everything.
    private const int MinimumPrefixLength = 3;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
    };

    private readonly Dictionary<string, IClinicalCalculator> _byId;
    private readonly List<(IClinicalCalculator Calculator, IndexedFields Fields)> _index;

    /// <summary>The built-in calculators; the constructor the container uses.</summary>
    public CalculatorCatalog()
        : this(
        [
            new BmiCalculator(),
            new MostellerBsaCalculator(),
            new CkdEpi2021EgfrCalculator(),
            new CockcroftGaultCalculator(),
            new Cha2ds2VascCalculator(),
            new HasBledCalculator(),
            new CorrectedQtCalculator(),
            new Curb65Calculator(),
        ])
    {
    }

    // Internal so the container never picks it: it would resolve an empty IEnumerable and serve nothing.
    internal CalculatorCatalog(IEnumerable<IClinicalCalculator> calculators)
    {
        ArgumentNullException.ThrowIfNull(calculators);

        All = [.. calculators];
        _byId = new Dictionary<string, IClinicalCalculator>(StringComparer.OrdinalIgnoreCase);
        foreach (var calculator in All)
        {
            if (!_byId.TryAdd(calculator.Definition.Id, calculator))
            {
                throw new ArgumentException($"Calculator id '{calculator.Definition.Id}' is registered twice.", nameof(calculators));
            }
        }

        _index = [.. All.Select(c => (c, IndexedFields.From(c.Definition)))];
        Categories = [.. All.Select(c => c.Definition.Category).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
    }

    /// <summary>In catalogue order (related calculators next to each other).</summary>
    public IReadOnlyList<IClinicalCalculator> All { get; }

    public IReadOnlyList<string> Categories { get; }

    /// <summary>Case-insensitive; surrounding whitespace ignored.</summary>
    public IClinicalCalculator? Find(string? id) =>
        id is not null && _byId.TryGetValue(id.Trim(), out var calculator) ? calculator : null;

    /// <summary>Case-insensitive exact category match; null when the category is unknown.</summary>
    public IReadOnlyList<IClinicalCalculator>? InCategory(string category)
    {
        ArgumentNullException.ThrowIfNull(category);

        var known = Categories.FirstOrDefault(c => string.Equals(c, category.Trim(), StringComparison.OrdinalIgnoreCase));
        return known is null ? null : [.. All.Where(c => c.Definition.Category == known)];
    }

    /// <summary>
    /// Calculators matching any word of <paramref name="query"/> in their id, name, keywords, category or
    /// description, best first. Each query word adds the weight of the best field it matches (whole word,
    /// or half for a prefix); ties go to the catalogue order.
    /// </summary>
    public IReadOnlyList<CalculatorSearchHit> Search(string query)
    {
        ArgumentNullException.ThrowIfNull(query);

        var terms = Tokenize(query).Where(t => !StopWords.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0)
        {
            return [];
        }

        return
        [
            .. _index
                .Select((entry, order) => (entry.Calculator, Score: terms.Sum(entry.Fields.Score), order))
                .Where(x => x.Score > 0)
                .OrderByDescending(x => x.Score)
                .ThenBy(x => x.order)
                .Select(x => new CalculatorSearchHit(x.Calculator, x.Score)),
        ];
    }

    /// <summary>
    /// Lower-cased words of letters and digits, with subscript and superscript digits read as digits, so
    /// "CHA₂DS₂-VASc" and "cha2ds2 vasc" produce the same words.
    /// </summary>
    internal static IEnumerable<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var word = new StringBuilder();
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(FoldScriptDigit(raw));
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    // string.Normalize(FormKC) would do this, but the app runs with InvariantGlobalization, where
    // normalisation leaves non-ASCII text unchanged.
    private static char FoldScriptDigit(char c) => c switch
    {
        >= '\u2080' and <= '\u2089' => (char)('0' + (c - '\u2080')),
        '\u2070' => '0',
        '\u00B9' => '1',
        '\u00B2' => '2',
        '\u00B3' => '3',
        >= '\u2074' and <= '\u2079' => (char)('4' + (c - '\u2074')),
        _ => c,
    };

    /// <summary>
    /// The words of one calculator per field. Short fields (id, name, keywords) also contribute their
    /// words run together, so "cha2ds2vasc", "hasbled" and "curb65" find their calculator.
    /// </summary>
    private sealed class IndexedFields
    {
        private readonly List<(HashSet<string> Words, int Weight)> _fields = [];

        public static IndexedFields From(CalculatorDefinition definition)
        {
            var fields = new IndexedFields();
            fields.Add([definition.Id], IdWeight, joined: true);
            fields.Add([definition.Name], NameWeight, joined: true);
            fields.Add(definition.Keywords, KeywordWeight, joined: true);
            fields.Add([definition.Category], CategoryWeight, joined: false);
            fields.Add([definition.Description], DescriptionWeight, joined: false);
            return fields;
        }

        public int Score(string term)
        {
            var best = 0;
            foreach (var (words, weight) in _fields)
            {
                if (words.Contains(term))
                {
                    best = Math.Max(best, weight * 2);
                }
                else if (term.Length >= MinimumPrefixLength && words.Any(w => w.StartsWith(term, StringComparison.Ordinal)))
                {
                    best = Math.Max(best, weight);
                }
            }

            return best;
        }

        private void Add(IEnumerable<string> texts, int weight, bool joined)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in texts)
            {
                var tokens = Tokenize(text).ToList();
                words.UnionWith(tokens);
                if (joined && tokens.Count > 1)
                {
                    words.Add(string.Concat(tokens));
                }
            }

            _fields.Add((words, weight));
        }
    }
}
