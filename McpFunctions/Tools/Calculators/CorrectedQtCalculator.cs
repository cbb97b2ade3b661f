namespace McpFunctions.Tools.Calculators;

/// <summary>
/// Heart-rate-corrected QT interval by Bazett (QTc = QT / √RR) and Fridericia (QTc = QT / ∛RR), QT in ms,
/// RR in seconds (60 / heart rate when a rate is given).
/// Sources: Bazett HC. An analysis of the time-relations of electrocardiograms. Heart. 1920;7:353-370
/// (reprinted Ann Noninvasive Electrocardiol. 1997;2(2):177-194, doi:10.1111/j.1542-474X.1997.tb00325.x).
/// Fridericia LS. Die Systolendauer im Elektrokardiogramm bei normalen Menschen und bei Herzkranken.
/// Acta Med Scand. 1920;53:469-486. doi:10.1111/j.0954-6820.1920.tb18266.x. Thresholds: Rautaharju PM,
/// Surawicz B, Gettes LS. AHA/ACCF/HRS recommendations for the standardization and interpretation of the
/// electrocardiogram, part IV. Circulation. 2009;119(10):e241-e250. doi:10.1161/CIRCULATIONAHA.108.191096.
/// PMID: 19228821.
/// </summary>
internal sealed class CorrectedQtCalculator : IClinicalCalculator
{
    public const string Id = "qtc";

    // Rautaharju et al. 2009: prolonged at ≥ 450 ms (men) / ≥ 460 ms (women), short at ≤ 390 ms.
    // Above 500 ms is the commonly used marker of high torsade de pointes risk.
    private const double ProlongedMale = 450;
    private const double ProlongedFemale = 460;
    private const double Short = 390;
    private const double MarkedlyProlonged = 500;

    public CalculatorDefinition Definition { get; } = new(
        Id,
        "Corrected QT Interval (Bazett and Fridericia)",
        "Cardiology",
        "QT interval corrected for heart rate by both the Bazett and Fridericia formulas, with sex-specific interpretation.",
        ["qtc", "qt interval", "corrected qt", "bazett", "fridericia", "long qt", "ecg", "ekg", "torsades"],
        [
            CalculatorInput.Number("qt", "Measured QT interval in milliseconds.", new UnitRange("ms", 200, 800)),
            CalculatorInput.Number(
                "heartRate", "Heart rate in beats per minute; give this or 'rr', not both.", new UnitRange("bpm", 20, 250), required: false),
            CalculatorInput.Number(
                "rr", "RR interval in seconds; give this or 'heartRate', not both.", new UnitRange("s", 0.24, 3.0), required: false),
            CommonInputs.Sex("Sex, for the prolongation threshold: female (≥ 460 ms) or male (≥ 450 ms)."),
        ],
        "Bazett HC. An analysis of the time-relations of electrocardiograms. Heart. 1920;7:353-370 (reprinted " +
        "Ann Noninvasive Electrocardiol. 1997;2(2):177-194, doi:10.1111/j.1542-474X.1997.tb00325.x). Fridericia LS. " +
        "Die Systolendauer im Elektrokardiogramm bei normalen Menschen und bei Herzkranken. Acta Med Scand. " +
        "1920;53:469-486. doi:10.1111/j.0954-6820.1920.tb18266.x. Thresholds: Rautaharju PM, Surawicz B, " +
        "Gettes LS. AHA/ACCF/HRS recommendations for the standardization and interpretation of the " +
        "electrocardiogram, part IV. Circulation. 2009;119(10):e241-e250. doi:10.1161/CIRCULATIONAHA.108.191096. " +
        "PMID: 19228821.");

    public CalculationResult Calculate(CalculatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        var qt = arguments.GetNumber("qt");
        var heartRate = arguments.GetOptionalNumber("heartRate");
        var givenRr = arguments.GetOptionalNumber("rr");
        var female = arguments.GetChoice("sex") == CommonInputs.Female;

        var rr = (heartRate, givenRr) switch
        {
            ({ } hr, null) => 60 / hr,
            (null, { } r) => r,
            (null, null) => throw new CalculatorInputException(
                "Give either input 'heartRate' (bpm, 20 to 250) or input 'rr' (s, 0.24 to 3)."),
            _ => throw new CalculatorInputException(
                "Give only one of input 'heartRate' or input 'rr', not both."),
        };

        var bazett = ResultValue.Round(qt / Math.Sqrt(rr), 0);
        var fridericia = ResultValue.Round(qt / Math.Cbrt(rr), 0);
        var bazettReading = Classify(bazett, female);
        var fridericiaReading = Classify(fridericia, female);

        var notes = new List<string>
        {
            "Thresholds: prolonged at ≥ 450 ms (men) or ≥ 460 ms (women), short at ≤ 390 ms (AHA/ACCF/HRS 2009); > 500 ms marks high risk of torsade de pointes.",
        };
        var rate = 60 / rr;
        if (rate is > 100 or < 60)
        {
            notes.Add($"At {InvariantNumber.Format(ResultValue.Round(rate, 0))} bpm Bazett {(rate > 100 ? "over" : "under")}-corrects; prefer Fridericia.");
        }

        return new CalculationResult(
            [
                new ResultValue("qtcBazett", "QTc (Bazett)", bazett, "ms", bazettReading),
                new ResultValue("qtcFridericia", "QTc (Fridericia)", fridericia, "ms", fridericiaReading),
                ResultValue.Rounded("rr", "RR interval", rr, 3, "s"),
            ],
            $"QTc {InvariantNumber.Format(bazett)} ms by Bazett ({bazettReading}); {InvariantNumber.Format(fridericia)} ms by Fridericia ({fridericiaReading}).",
            ScoreItems: null,
            notes);
    }

    internal static string Classify(double qtc, bool female) => qtc switch
    {
        > MarkedlyProlonged => "markedly prolonged",
        _ when qtc >= (female ? ProlongedFemale : ProlongedMale) => "prolonged",
        <= Short => "short",
        _ => "normal",
    };
}
