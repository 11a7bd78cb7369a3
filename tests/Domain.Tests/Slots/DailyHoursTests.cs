using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Tests.Slots;

public sealed class DailyHoursTests
{
    private static readonly SlotCalendar Calendar = new(OpeningHours.Default, SlotCalendar.Brussels);
    private static readonly DailyHours TenToFifteen = new(new LocalTime(10, 0), new LocalTime(15, 0));

    private static IReadOnlyList<Slot> Run(int hour, int minute, int count) =>
        Calendar.Run(new LocalDateTime(2026, 12, 2, hour, minute).InZoneStrictly(SlotCalendar.Brussels).ToInstant(), count)!;

    [Theory]
    [InlineData(10, 0, 2, true)]
    [InlineData(9, 45, 1, false)]
    [InlineData(9, 45, 2, false)]
    [InlineData(14, 30, 2, true)]
    [InlineData(14, 45, 1, true)]
    [InlineData(14, 45, 2, false)]
    public void A_call_fits_only_when_it_starts_at_or_after_opening_and_its_last_slot_ends_by_closing(int hour, int minute, int slots, bool fits)
    {
        Assert.Equal(fits, TenToFifteen.Hold(Run(hour, minute, slots)));
    }

    [Fact]
    public void Hours_that_close_before_they_open_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new DailyHours(new LocalTime(15, 0), new LocalTime(10, 0)));
        Assert.Throws<ArgumentException>(() => new DailyHours(new LocalTime(10, 0), new LocalTime(10, 0)));
    }
}
