using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Tests.Slots;

public sealed class ServiceDatesTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 1, 9, 0);
    private readonly SlotCalendar _calendar = new(OpeningHours.Default, SlotCalendar.Brussels);

    [Fact]
    public void Staff_can_ask_about_ten_years_back_and_five_ahead()
    {
        var range = ServiceDates.Range(new LocalDate(2026, 12, 1));
        Assert.Equal((new LocalDate(2016, 12, 1), new LocalDate(2031, 12, 1)), (range.Start, range.End));
    }

    [Fact]
    public void Citizens_can_book_from_today_to_the_last_day_of_the_horizon()
    {
        var bookable = _calendar.BookableDates(Now);
        Assert.Equal((new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 22)), (bookable.Start, bookable.End));
    }

    [Fact]
    public void Covering_an_instant_is_decided_in_the_zone_without_turning_far_instants_into_dates()
    {
        var day = new DateInterval(new LocalDate(2026, 12, 2), new LocalDate(2026, 12, 2));
        Assert.True(day.Covers(Instant.FromUtc(2026, 12, 1, 23, 0), SlotCalendar.Brussels));
        Assert.False(day.Covers(Instant.FromUtc(2026, 12, 2, 23, 0), SlotCalendar.Brussels));
        Assert.False(day.Covers(Instant.MaxValue, SlotCalendar.Brussels));
        Assert.False(day.Covers(Instant.MinValue, SlotCalendar.Brussels));
    }

    [Fact]
    public void Any_instant_at_all_gets_an_answer_from_the_slot_check()
    {
        Assert.Equal(SlotProblem.BeyondHorizon, _calendar.Check(Instant.MaxValue, Now));
        Assert.Equal(SlotProblem.BeyondHorizon, _calendar.Check(Instant.FromUtc(9999, 12, 31, 23, 59), Now, 2));
        Assert.Equal(SlotProblem.BeyondHorizon, _calendar.Check(Instant.FromUtc(2040, 1, 2, 9, 0), Now));
        Assert.Equal(SlotProblem.InThePast, _calendar.Check(Instant.MinValue, Now));
        Assert.Equal(SlotProblem.InThePast, _calendar.Check(Instant.FromUtc(-9998, 1, 1, 0, 0), Now));
    }
}
