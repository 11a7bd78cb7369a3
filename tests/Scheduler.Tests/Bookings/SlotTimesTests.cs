using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using NodaTime;

namespace Allo.Scheduler.Tests.Bookings;

public sealed class SlotTimesTests
{
    [Theory]
    [InlineData("2026-12-02T10:00:00+01:00")]
    [InlineData("2026-12-02T09:00:00Z")]
    public void A_slot_time_reads_with_its_offset_or_in_utc(string text)
    {
        Assert.True(SlotTimes.TryParse(text, out var instant));
        Assert.Equal(Instant.FromUtc(2026, 12, 2, 9, 0), instant);
    }

    [Theory]
    [InlineData("9999-12-31T23:00:00-05:00")]
    [InlineData("-9998-01-01T00:00:00+14:00")]
    [InlineData("10000-01-01T00:00:00Z")]
    [InlineData("2026-12-02T25:00:00+01:00")]
    [InlineData("2026-12-02T10:00:00+19:00")]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData(null)]
    public void A_time_past_the_ends_of_the_calendar_or_no_time_at_all_is_not_read_and_does_not_throw(string? text) =>
        Assert.False(SlotTimes.TryParse(text, out _));

    [Theory]
    [InlineData("9999-12-31T10:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("-9998-01-01T10:00:00+01:00")]
    public void A_time_near_the_ends_of_the_calendar_is_read_and_the_calendar_refuses_it(string text)
    {
        Assert.True(SlotTimes.TryParse(text, out var instant));
        var calendar = new SlotCalendar(OpeningHours.Default, SlotCalendar.Brussels);
        Assert.NotEqual(SlotProblem.None, calendar.Check(instant, Instant.FromUtc(2026, 12, 1, 7, 0), 1));
    }
}
