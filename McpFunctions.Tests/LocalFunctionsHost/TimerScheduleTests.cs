using System.Globalization;
using TimerSchedule = LocalFunctionsHost.TimerSchedule;

namespace McpFunctions.Tests.LocalFunctionsHost;

/// <summary>NCRONTAB (six fields, seconds first) as the Functions timer trigger reads it, and hh:mm:ss intervals.</summary>
public sealed class TimerScheduleTests
{
    [Theory]
    [InlineData("*/2 * * * * *", "2026-12-06T20:00:01Z", "2026-12-06T20:00:02Z")]
    [InlineData("*/2 * * * * *", "2026-12-06T20:00:02Z", "2026-12-06T20:00:04Z")]
    [InlineData("0 */5 * * * *", "2026-12-06T20:01:00Z", "2026-12-06T20:05:00Z")]
    [InlineData("0 0 * * * *", "2026-12-06T20:00:00Z", "2026-12-06T21:00:00Z")]
    [InlineData("0 30 9 * * *", "2026-12-06T20:00:00Z", "2026-12-07T09:30:00Z")]
    [InlineData("0 0 0 1 1 *", "2026-12-06T20:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 3 * * 1-5", "2026-12-05T12:00:00Z", "2026-12-07T03:00:00Z")] // Saturday → Monday
    [InlineData("0 0 3 * * MON", "2026-12-05T12:00:00Z", "2026-12-07T03:00:00Z")]
    [InlineData("0 0 0 29 FEB *", "2026-12-06T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("5,10 0 0 * * *", "2026-12-06T00:00:05Z", "2026-12-06T00:00:10Z")]
    [InlineData("0 10-20/5 * * * *", "2026-12-06T00:11:00Z", "2026-12-06T00:15:00Z")]
    [InlineData("00:05:00", "2026-12-06T20:00:01Z", "2026-12-06T20:05:01Z")]
    public void Next_IsTheFirstOccurrenceStrictlyAfter(string expression, string after, string expected)
    {
        Assert.True(TimerSchedule.TryParse(expression, out var schedule, out var problem), problem);

        var next = schedule!.Next(DateTimeOffset.Parse(after, CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void EverySecondOfADay_MatchesTheFieldsItNames_GeneratedForEachField()
    {
        // For each field position, a schedule naming one value there and '*' elsewhere; the next occurrence after
        // the start of 2027 must carry that value in that position.
        var start = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        (int Index, int[] Values, Func<DateTimeOffset, int> Part)[] fields =
        [
            (0, [0, 1, 30, 59], t => t.Second),
            (1, [0, 1, 30, 59], t => t.Minute),
            (2, [0, 1, 12, 23], t => t.Hour),
            (3, [1, 2, 15, 28, 31], t => t.Day),
            (4, [1, 2, 6, 12], t => t.Month),
            (5, [0, 1, 3, 6], t => (int)t.DayOfWeek),
        ];
        foreach (var (index, values, part) in fields)
        {
            foreach (var value in values)
            {
                var parts = Enumerable.Repeat("*", 6).ToArray();
                parts[index] = value.ToString(CultureInfo.InvariantCulture);
                var expression = string.Join(' ', parts);
                Assert.True(TimerSchedule.TryParse(expression, out var schedule, out var problem), problem);
                var next = schedule!.Next(start);
                Assert.True(next is not null, expression);
                Assert.Equal(value, part(next!.Value));
                Assert.True(next > start, expression);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("* * * * *")] // five fields: classic cron, not NCRONTAB
    [InlineData("* * * * * * *")]
    [InlineData("60 * * * * *")]
    [InlineData("* 60 * * * *")]
    [InlineData("* * 24 * * *")]
    [InlineData("* * * 0 * *")]
    [InlineData("* * * 32 * *")]
    [InlineData("* * * * 13 *")]
    [InlineData("* * * * * 7")]
    [InlineData("*/0 * * * * *")]
    [InlineData("5-1 * * * * *")]
    [InlineData("a * * * * *")]
    [InlineData("%TickSchedule%")]
    [InlineData("00:00:00")]
    public void Invalid_IsRefused_WithTheReason(string expression)
    {
        Assert.False(TimerSchedule.TryParse(expression, out var schedule, out var problem));
        Assert.Null(schedule);
        Assert.False(string.IsNullOrEmpty(problem));
    }
}
