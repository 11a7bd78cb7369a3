using Allo.Domain;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Tests.Slots;

public sealed class SlotCalendarTests
{
    private static readonly DateTimeZone Brussels = SlotCalendar.Brussels;
    private readonly SlotCalendar _calendar = new(OpeningHours.Default, Brussels);

    private static Instant At(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Brussels).ToInstant();

    [Fact]
    public void A_default_weekday_has_24_quarter_hour_slots_around_a_lunch_break()
    {
        var slots = _calendar.SlotsOn(new LocalDate(2026, 12, 1)).ToList();
        Assert.Equal(24, slots.Count);
        Assert.Equal(new LocalTime(9, 0), slots[0].LocalStart.TimeOfDay);
        Assert.Equal(new LocalTime(11, 45), slots[11].LocalStart.TimeOfDay);
        Assert.Equal(new LocalTime(13, 0), slots[12].LocalStart.TimeOfDay);
        Assert.Equal(new LocalTime(15, 45), slots[^1].LocalStart.TimeOfDay);
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(15), s.End - s.Start));
    }

    [Fact]
    public void Weekends_have_no_slots()
    {
        Assert.Empty(_calendar.SlotsOn(new LocalDate(2026, 12, 5)));
        Assert.Empty(_calendar.SlotsOn(new LocalDate(2026, 12, 6)));
    }

    [Fact]
    public void Nine_oclock_is_utc_eight_in_winter_and_utc_seven_after_the_last_sunday_of_march()
    {
        // Daylight saving starts on Sunday 29 March 2026.
        var friday = _calendar.SlotsOn(new LocalDate(2026, 3, 27)).First();
        var monday = _calendar.SlotsOn(new LocalDate(2026, 3, 30)).First();
        Assert.Equal(Instant.FromUtc(2026, 3, 27, 8, 0), friday.Start);
        Assert.Equal(Instant.FromUtc(2026, 3, 30, 7, 0), monday.Start);
        Assert.Equal(Duration.FromHours(71), monday.Start - friday.Start);
    }

    [Fact]
    public void Nine_oclock_is_utc_eight_again_after_the_last_sunday_of_october()
    {
        // Daylight saving ends on Sunday 25 October 2026.
        var friday = _calendar.SlotsOn(new LocalDate(2026, 10, 23)).First();
        var monday = _calendar.SlotsOn(new LocalDate(2026, 10, 26)).First();
        Assert.Equal(Instant.FromUtc(2026, 10, 23, 7, 0), friday.Start);
        Assert.Equal(Instant.FromUtc(2026, 10, 26, 8, 0), monday.Start);
    }

    [Fact]
    public void Night_windows_on_the_change_sundays_skip_the_missing_hour_and_never_repeat_the_doubled_one()
    {
        var hours = new OpeningHours
        {
            Windows = [new OpeningWindow(IsoDayOfWeek.Sunday, new LocalTime(1, 0), new LocalTime(4, 0))],
            SlotLength = Period.FromHours(1),
        };
        var calendar = new SlotCalendar(hours, Brussels);

        var spring = calendar.SlotsOn(new LocalDate(2026, 3, 29)).Select(s => s.LocalStart.TimeOfDay).ToList();
        Assert.Equal(new[] { new LocalTime(1, 0), new LocalTime(3, 0) }, spring);

        var autumn = calendar.SlotsOn(new LocalDate(2026, 10, 25)).ToList();
        Assert.Equal(3, autumn.Count);
        Assert.All(autumn, s => Assert.Equal(Duration.FromHours(1), s.End - s.Start));
        Assert.Equal(autumn.Count, autumn.Select(s => s.Start).Distinct().Count());
    }

    [Fact]
    public void Bookable_slots_respect_the_minimum_notice_and_the_horizon()
    {
        var now = At(2026, 12, 1, 8, 55);
        var slots = _calendar.BookableSlots(now, new LocalDate(2026, 12, 1), 60).ToList();
        Assert.Equal(At(2026, 12, 1, 11, 0), slots[0].Start);
        Assert.Equal(new LocalDate(2026, 12, 22), slots[^1].LocalDate);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Bookable_runs_are_exactly_the_starts_that_check_as_bookable_with_their_run(int count)
    {
        // Opening hours across the night of the autumn clock change and a window ending off the slot
        // grid, a week with a holiday (1 November), and a "now" inside the opening hours.
        var hours = OpeningHours.Default with
        {
            Windows = [.. OpeningHours.Default.Windows, new OpeningWindow(IsoDayOfWeek.Sunday, new LocalTime(1, 30), new LocalTime(3, 40))],
        };
        var calendar = new SlotCalendar(hours, Brussels);
        var now = At(2026, 10, 20, 10, 5);
        var expected = Enumerable.Range(0, 30)
            .SelectMany(d => calendar.SlotsOn(new LocalDate(2026, 10, 20).PlusDays(d)))
            .Where(s => calendar.Check(s.Start, now, count) == SlotProblem.None)
            .Select(s => calendar.Run(s.Start, count)!.Select(r => r.Start).ToList())
            .ToList();

        var runs = calendar.BookableRuns(now, new LocalDate(2026, 10, 18), 30, count).Select(r => r.Select(s => s.Start).ToList()).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, runs);
    }

    [Theory]
    [InlineData(2026, 12, 1, 9, 0, SlotProblem.InThePast)]
    [InlineData(2026, 12, 1, 11, 0, SlotProblem.TooSoon)]
    [InlineData(2026, 12, 1, 12, 15, SlotProblem.NotAnOpeningTime)]
    [InlineData(2026, 12, 1, 13, 5, SlotProblem.NotAnOpeningTime)]
    [InlineData(2026, 12, 5, 10, 0, SlotProblem.NotAnOpeningTime)]
    [InlineData(2026, 12, 25, 10, 0, SlotProblem.NotAnOpeningTime)]
    [InlineData(2026, 12, 28, 10, 0, SlotProblem.BeyondHorizon)]
    [InlineData(2026, 12, 1, 13, 0, SlotProblem.None)]
    [InlineData(2026, 12, 22, 15, 45, SlotProblem.None)]
    public void Check_says_why_a_time_cannot_be_booked(int y, int m, int d, int h, int min, SlotProblem expected) =>
        Assert.Equal(expected, _calendar.Check(At(y, m, d, h, min), At(2026, 12, 1, 10, 0)));

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused()
    {
        var hours = new OpeningHours { Windows = [new OpeningWindow(IsoDayOfWeek.Monday, new LocalTime(12, 0), new LocalTime(9, 0))] };
        Assert.Throws<ArgumentException>(() => new SlotCalendar(hours, Brussels));
    }

    [Fact]
    public void Capacity_comes_from_the_table_per_weekday_and_hour_with_a_default_elsewhere()
    {
        var table = new CapacityTable([(IsoDayOfWeek.Tuesday, 9, 2), (IsoDayOfWeek.Tuesday, 10, 0)]);
        var slots = _calendar.SlotsOn(new LocalDate(2026, 12, 1)).ToList();
        Assert.Equal(2, table.SeatsFor(slots[0]));
        Assert.Equal(0, table.SeatsFor(slots[4]));
        Assert.Equal(CapacityTable.DefaultSeats, table.SeatsFor(slots[8]));
    }

    [Fact]
    public void Seats_in_a_language_are_its_speakers_on_shift_never_more_than_the_agents_with_every_agent_speaking_it_by_default()
    {
        var table = new CapacityTable(
            [(IsoDayOfWeek.Tuesday, 9, 4), (IsoDayOfWeek.Tuesday, 10, 2)],
            speakers: [(IsoDayOfWeek.Tuesday, 9, Language.De, 1), (IsoDayOfWeek.Tuesday, 10, Language.De, 3)]);
        var slots = _calendar.SlotsOn(new LocalDate(2026, 12, 1)).ToList();
        Assert.Equal((4, 1, 4), (table.SeatsFor(slots[0]), table.SeatsFor(slots[0], Language.De), table.SeatsFor(slots[0], Language.Nl)));
        Assert.Equal(2, table.SeatsFor(slots[4], Language.De));
        Assert.Equal(CapacityTable.DefaultSeats, table.SeatsFor(slots[8], Language.De));
    }

    [Fact]
    public void Extra_agents_speaking_every_language_count_in_each_and_a_closed_day_has_no_seat_in_any()
    {
        var now = Instant.FromUtc(2026, 11, 30, 8, 0);
        var tuesday = new LocalDate(2026, 12, 1);
        var speakers = new (IsoDayOfWeek, int, Language, int)[] { (IsoDayOfWeek.Tuesday, 9, Language.De, 1) };
        var slot = _calendar.SlotsOn(tuesday).First();
        var extra = new CapacityTable([(IsoDayOfWeek.Tuesday, 9, 4)], adjustments: [CapacityAdjustment.AddAgents(tuesday, tuesday, 2, Languages.All, "Deadline", now)], speakers: speakers);
        Assert.Equal((6, 3), (extra.SeatsFor(slot), extra.SeatsFor(slot, Language.De)));
        var closed = new CapacityTable([(IsoDayOfWeek.Tuesday, 9, 4)], adjustments: [CapacityAdjustment.Close(tuesday, tuesday, "Training", now)], speakers: speakers);
        Assert.All(Languages.All, l => Assert.Equal(0, closed.SeatsFor(slot, l)));
    }

    [Fact]
    public void Extra_agents_add_seats_to_the_slot_but_only_to_the_languages_they_speak()
    {
        var now = Instant.FromUtc(2026, 11, 30, 8, 0);
        var tuesday = new LocalDate(2026, 12, 1);
        var speakers = new (IsoDayOfWeek, int, Language, int)[] { (IsoDayOfWeek.Tuesday, 9, Language.De, 1) };
        var slot = _calendar.SlotsOn(tuesday).First();
        var french = CapacityAdjustment.AddAgents(tuesday, tuesday, 3, [Language.Fr, Language.Nl], "Deadline", now);
        var table = new CapacityTable([(IsoDayOfWeek.Tuesday, 9, 4)], adjustments: [french], speakers: speakers);
        Assert.Equal(7, table.SeatsFor(slot));
        Assert.Equal((1, 7, 7, 4), (table.SeatsFor(slot, Language.De), table.SeatsFor(slot, Language.Fr), table.SeatsFor(slot, Language.Nl), table.SeatsFor(slot, Language.En)));
        Assert.Equal("nl,fr", french.Languages);
    }

    [Fact]
    public void Extra_agents_without_a_language_are_refused()
    {
        var tuesday = new LocalDate(2026, 12, 1);
        Assert.Throws<ArgumentException>(() => CapacityAdjustment.AddAgents(tuesday, tuesday, 2, [], "Deadline", Instant.FromUtc(2026, 11, 30, 8, 0)));
    }
}
