using System.Globalization;

namespace LocalFunctionsHost;

/// <summary>
/// A timer trigger's schedule: an NCRONTAB expression with six fields (second minute hour day month day-of-week),
/// as the Functions timer trigger takes it, or a <c>hh:mm:ss</c> interval. Times are UTC (WEBSITE_TIME_ZONE is not
/// honoured here). Day and day-of-week must both match, as in NCrontab.
/// </summary>
internal sealed class TimerSchedule
{
    private static readonly string[] MonthNames = ["", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[]? _seconds;
    private readonly bool[]? _minutes;
    private readonly bool[]? _hours;
    private readonly bool[]? _days;
    private readonly bool[]? _months;
    private readonly bool[]? _weekdays;
    private readonly TimeSpan? _interval;

    private TimerSchedule(string text, TimeSpan interval)
    {
        Text = text;
        _interval = interval;
    }

    private TimerSchedule(string text, bool[] seconds, bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays)
    {
        Text = text;
        _seconds = seconds;
        _minutes = minutes;
        _hours = hours;
        _days = days;
        _months = months;
        _weekdays = weekdays;
    }

    public string Text { get; }

    public static bool TryParse(string text, out TimerSchedule? schedule, out string? problem)
    {
        schedule = null;
        problem = null;
        ArgumentNullException.ThrowIfNull(text);
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length == 1 && TimeSpan.TryParseExact(fields[0], @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var interval)
            && interval > TimeSpan.Zero)
        {
            schedule = new TimerSchedule(text, interval);
            return true;
        }

        if (fields.Length != 6)
        {
            problem = $"'{text}' is not a six-field NCRONTAB expression (second minute hour day month day-of-week) or an hh:mm:ss interval";
            return false;
        }

        var parsed = new bool[6][];
        (int Min, int Max, string[]? Names)[] ranges = [(0, 59, null), (0, 59, null), (0, 23, null), (1, 31, null), (1, 12, MonthNames), (0, 6, DayNames)];
        for (var i = 0; i < 6; i++)
        {
            var field = TryParseField(fields[i], ranges[i].Min, ranges[i].Max, ranges[i].Names);
            if (field is null)
            {
                problem = $"field {i + 1} ('{fields[i]}') of '{text}' is not valid";
                return false;
            }

            parsed[i] = field;
        }

        schedule = new TimerSchedule(text, parsed[0], parsed[1], parsed[2], parsed[3], parsed[4], parsed[5]);
        return true;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null within the next five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_interval is { } interval)
        {
            return after + interval;
        }

        var t = new DateTime(after.UtcDateTime.Ticks - (after.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months![t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
                continue;
            }

            if (!_days![t.Day] || !_weekdays![(int)t.DayOfWeek])
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!_hours![t.Hour])
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }

            if (!_minutes![t.Minute])
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
                continue;
            }

            if (!_seconds![t.Second])
            {
                t = t.AddSeconds(1);
                continue;
            }

            return new DateTimeOffset(t, TimeSpan.Zero);
        }

        return null;
    }

    private static bool[]? TryParseField(string field, int min, int max, string[]? names)
    {
        var set = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var step = 1;
            var body = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (!int.TryParse(part.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0)
                {
                    return null;
                }

                body = part[..slash];
            }

            int from, to;
            if (body == "*")
            {
                (from, to) = (min, max);
            }
            else if (body.Split('-') is [var a, var b])
            {
                if (!TryValue(a, names, out from) || !TryValue(b, names, out to))
                {
                    return null;
                }
            }
            else if (TryValue(body, names, out from))
            {
                to = slash >= 0 ? max : from;
            }
            else
            {
                return null;
            }

            if (from < min || to > max || from > to)
            {
                return null;
            }

            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }

        return set;
    }

    private static bool TryValue(string text, string[]? names, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Length > 0 && n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                value = index;
                return true;
            }
        }

        return false;
    }
}
