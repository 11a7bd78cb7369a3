using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace Allo.Scheduler.Tests.Managers;

public sealed class CapacityPlanningTests() : BookingTestBase(DatabaseProvider.Sqlite)
{
    private static readonly LocalDate Wednesday = new(2026, 12, 2);

    private async Task<T> WithPlanning<T>(Func<CapacityPlanning, BookingService, Task<T>> act)
    {
        await using var db = Database.NewContext();
        var bookings = NewService(db);
        return await act(new CapacityPlanning(db, Calendar, new SeatLedger(db, Calendar, Clock), Clock), bookings);
    }

    private async Task<Booking> BookAsync(string phone, Instant start)
    {
        await using var db = Database.NewContext();
        PhoneNumber.TryParse(phone, out var number);
        return Assert.IsType<BookingOutcome.Done>(await NewService(db).BookAsync(start, number!, Language.Nl, null, null, Needs.None)).Booking;
    }

    private async Task<int> SeatsLeftAsync(Instant slot) =>
        (await WithPlanning((_, b) => b.AvailabilityAsync(slot.InZone(Calendar.Zone).Date, 1, Domain.Language.Nl))).Single(a => a.Slot.Start == slot).SeatsLeft;

    [Fact]
    public async Task Fewer_agents_in_an_hour_flag_its_slots_with_the_calls_that_no_longer_fit()
    {
        var first = await BookAsync("0470 80 00 01", TestClock.Wednesday1000);
        var second = await BookAsync("0470 80 00 02", TestClock.Wednesday1000);
        Assert.Empty(await WithPlanning((p, _) => p.OverfullAsync()));

        Assert.True(await WithPlanning((p, _) => p.SaveWeekAsync(new Dictionary<(IsoDayOfWeek, int), int> { [(IsoDayOfWeek.Wednesday, 10)] = 1 })));
        var overfull = Assert.Single(await WithPlanning((p, _) => p.OverfullAsync()));
        Assert.Equal((TestClock.Wednesday1000, 1, 2), (overfull.Slot.Start, overfull.Seats, overfull.Taken));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), overfull.Bookings.Select(b => b.Id).Order());
        Assert.Equal(0, await SeatsLeftAsync(TestClock.Wednesday1000));

        // Moving the later booking to the next free time clears the flag and tells the citizen.
        var moved = Assert.IsType<BookingOutcome.Done>(await WithPlanning((_, b) => b.MoveToNextFreeAsync(second.Id)));
        Assert.True(moved.Booking.SlotStart > TestClock.Wednesday1000);
        Assert.Empty(await WithPlanning((p, _) => p.OverfullAsync()));
        Assert.Contains(Signal.Messages, m => m.BookingId == second.Id && m.Kind == MessageKind.Moved);
    }

    [Fact]
    public async Task A_closed_day_has_no_seats_and_flags_its_calls()
    {
        var booked = await BookAsync("0470 80 00 03", TestClock.Wednesday1000);
        await WithPlanning(async (p, _) =>
        {
            await p.AddAsync(CapacityAdjustment.Close(Wednesday, Wednesday, "Staff training", Clock.GetCurrentInstant()));
            return 0;
        });
        Assert.Equal(0, await SeatsLeftAsync(TestClock.Wednesday1000 + Duration.FromHours(1)));
        var overfull = Assert.Single(await WithPlanning((p, _) => p.OverfullAsync()));
        Assert.Equal((0, booked.Id), (overfull.Seats, overfull.Bookings.Single().Id));
        Assert.Single(await WithPlanning((p, _) => p.AdjustmentsAsync()));
    }

    [Fact]
    public async Task Extra_agents_for_the_busy_weeks_add_seats_to_every_hour_of_those_days()
    {
        await WithPlanning(async (p, _) =>
        {
            await p.AddAsync(CapacityAdjustment.AddAgents(Wednesday, Wednesday.PlusDays(7), 3, Languages.All, "Filing deadline", Clock.GetCurrentInstant()));
            return 0;
        });
        Assert.Equal(CapacityTable.DefaultSeats + 3, await SeatsLeftAsync(TestClock.Wednesday1000));
        Assert.Equal(CapacityTable.DefaultSeats, await SeatsLeftAsync(TestClock.Brussels(2026, 12, 1, 14)));
    }

    [Fact]
    public async Task A_negative_number_of_agents_is_refused_and_nothing_is_saved()
    {
        Assert.False(await WithPlanning((p, _) => p.SaveWeekAsync(new Dictionary<(IsoDayOfWeek, int), int> { [(IsoDayOfWeek.Wednesday, 10)] = -1, [(IsoDayOfWeek.Wednesday, 11)] = 2 })));
        Assert.Equal(CapacityTable.DefaultSeats, await SeatsLeftAsync(TestClock.Brussels(2026, 12, 2, 11)));
    }

    [Fact]
    public void The_weekly_grid_has_the_hours_of_the_opening_windows()
    {
        using var db = Database.NewContext();
        var hours = new CapacityPlanning(db, Calendar, new SeatLedger(db, Calendar, Clock), Clock).OpenHours();
        Assert.Equal(5, hours.Count);
        Assert.Equal([9, 10, 11, 13, 14, 15], hours[0].Hours);
    }

    [Fact]
    public async Task A_language_grid_with_more_speakers_than_agents_on_shift_is_refused_whole_and_names_each_hour_with_its_most()
    {
        Assert.True(await WithPlanning((p, _) => p.SaveWeekAsync(new Dictionary<(IsoDayOfWeek, int), int> { [(IsoDayOfWeek.Wednesday, 10)] = 2 })));

        var refused = await WithPlanning((p, _) => p.SaveSpeakersAsync(Language.De, new Dictionary<(IsoDayOfWeek, int), int>
        {
            [(IsoDayOfWeek.Wednesday, 9)] = 1,
            [(IsoDayOfWeek.Wednesday, 10)] = 3,
        }));

        Assert.Equal(new Dictionary<(IsoDayOfWeek, int), int> { [(IsoDayOfWeek.Wednesday, 10)] = 2 }, refused);
        var table = await WithPlanning((p, _) => p.TableAsync());
        Assert.Equal((CapacityTable.DefaultSeats, 2), (table.WeeklySpeakers(IsoDayOfWeek.Wednesday, 9, Language.De), table.WeeklySpeakers(IsoDayOfWeek.Wednesday, 10, Language.De)));
    }

    [Fact]
    public async Task A_saved_language_grid_gives_that_language_its_seats_and_leaves_the_others_with_every_agent()
    {
        Assert.Null(await WithPlanning((p, _) => p.SaveSpeakersAsync(Language.De, new Dictionary<(IsoDayOfWeek, int), int> { [(IsoDayOfWeek.Wednesday, 10)] = 1 })));

        var german = await WithPlanning((_, b) => b.AvailabilityAsync(Wednesday, 1, Language.De));
        var dutch = await WithPlanning((_, b) => b.AvailabilityAsync(Wednesday, 1, Language.Nl));
        Assert.Equal((1, CapacityTable.DefaultSeats), (german.Single(a => a.Slot.Start == TestClock.Wednesday1000).SeatsLeft, dutch.Single(a => a.Slot.Start == TestClock.Wednesday1000).SeatsLeft));
    }
}
