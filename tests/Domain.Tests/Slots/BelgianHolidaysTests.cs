using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Tests.Slots;

public sealed class BelgianHolidaysTests
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void Easter_sunday_matches_the_published_dates(int year, int month, int day) =>
        Assert.Equal(new LocalDate(year, month, day), BelgianHolidays.EasterSunday(year));

    [Fact]
    public void Year_2026_has_the_ten_legal_holidays()
    {
        var holidays = BelgianHolidays.For(2026).Keys.OrderBy(d => d).ToList();
        Assert.Equal(
            new[]
            {
                new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 6), new LocalDate(2026, 5, 1), new LocalDate(2026, 5, 14),
                new LocalDate(2026, 5, 25), new LocalDate(2026, 7, 21), new LocalDate(2026, 8, 15), new LocalDate(2026, 11, 1),
                new LocalDate(2026, 11, 11), new LocalDate(2026, 12, 25),
            },
            holidays);
    }

    [Fact]
    public void Easter_monday_is_closed_and_the_tuesday_after_is_open()
    {
        var calendar = new SlotCalendar(OpeningHours.Default, SlotCalendar.Brussels);
        Assert.Empty(calendar.SlotsOn(new LocalDate(2026, 4, 6)));
        Assert.NotEmpty(calendar.SlotsOn(new LocalDate(2026, 4, 7)));
    }
}
