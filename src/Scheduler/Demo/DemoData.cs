using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Feedback;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Scheduler.Demo;

/// <summary>
/// A first look at the service: last week's calls with their outcomes and feedback (so the managers'
/// dashboard and feedback pages have something to show), and the coming week's bookings, so that some
/// slots show fewer seats and some are full. Only on an empty database, and only when Allo:DemoData is on.
/// </summary>
public static class DemoData
{
    private static readonly string[] Words =
    [
        "Heel vriendelijk en geduldig, bedankt!", "Merci, enfin quelqu'un qui explique simplement.", "Sehr hilfreich.",
        "Thank you, it took ten minutes instead of a morning in the queue.", "Het duurde lang voor ik gebeld werd.", "",
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AlloDbContext>();
        if (await db.Bookings.AnyAsync(ct))
        {
            return;
        }
        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        await SeedLanguagesAsync(services, ct);
        await SeedLastWeekAsync(services, now, ct);

        var bookings = services.GetRequiredService<BookingService>();
        var today = bookings.Calendar.Today(now);
        var slots = (await bookings.AvailabilityAsync(today, 7, null, ct)).ToList();
        var number = 0;
        foreach (var (slot, index) in slots.Select((s, i) => (s, i)))
        {
            // Every third slot gets one booking, every seventh is full.
            var wanted = index % 7 == 0 ? slot.SeatsLeft : index % 3 == 0 ? 1 : 0;
            for (var i = 0; i < wanted; i++)
            {
                number++;
                await bookings.BookAsync(slot.Slot.Start, Phone(number), Languages.All[number % Languages.All.Count], $"Demo citizen {number}", null, NeedsFor(number),
                    (FrontEnd)(number % 3), ct: ct);
            }
        }
    }

    /// <summary>
    /// Of the four agents on shift, every one speaks Dutch, three French, two English and one German
    /// (the East Cantons' calls): German slots fill first, as they would in Eupen.
    /// </summary>
    private static async Task SeedLanguagesAsync(IServiceProvider services, CancellationToken ct)
    {
        var planning = services.GetRequiredService<Managers.CapacityPlanning>();
        var table = await planning.TableAsync(ct);
        var share = new Dictionary<Language, int> { [Language.Nl] = 4, [Language.Fr] = 3, [Language.En] = 2, [Language.De] = 1 };
        foreach (var (language, of4) in share)
        {
            var grid = planning.OpenHours()
                .SelectMany(d => d.Hours.Select(h => (d.Day, Hour: h)))
                .ToDictionary(c => c, c => table.WeeklyAgents(c.Day, c.Hour) * of4 / 4);
            await planning.SaveSpeakersAsync(language, grid, ct);
        }
    }

    /// <summary>
    /// Replays last week through the real services on a clock set back in time: bookings made, calls
    /// queued and given outcomes by the demo agents, feedback received. Its messages are history, not
    /// something to send now, so they are removed.
    /// </summary>
    private static async Task SeedLastWeekAsync(IServiceProvider services, Instant now, CancellationToken ct)
    {
        var agents = (await services.GetRequiredService<UserManager<StaffUser>>().GetUsersInRoleAsync(StaffRoles.Agent)).Select(a => a.Id).Order().ToList();
        if (agents.Count == 0)
        {
            return;
        }
        var db = services.GetRequiredService<AlloDbContext>();
        var calendar = services.GetRequiredService<Domain.Slots.SlotCalendar>();
        var planner = services.GetRequiredService<MessagePlanner>();
        var clock = new ReplayClock(now - Duration.FromDays(8));
        var silent = new SilentSignal();
        var bookings = new BookingService(db, calendar, clock, planner, silent);
        var queue = new CallQueue(db, clock, services.GetRequiredService<CallPolicy>(), planner, silent, calendar);
        var feedback = new FeedbackService(db, clock);

        var starts = (await bookings.AvailabilityAsync(calendar.Today(clock.GetCurrentInstant()).PlusDays(1), 6, null, ct))
            .Where(a => a.Slot.Start < now - Duration.FromHours(2))
            .Where((_, i) => i % 2 == 0)
            .Select(a => a.Slot.Start)
            .ToList();
        var made = new List<Booking>();
        foreach (var (start, i) in starts.Select((s, i) => (s, i)))
        {
            var outcome = await bookings.BookAsync(start, Phone(500 + i), Languages.All[i % Languages.All.Count], $"Past citizen {i}", null, NeedsFor(i), (FrontEnd)(i % 3), ct: ct);
            if (outcome is BookingOutcome.Done done)
            {
                made.Add(done.Booking);
            }
        }
        foreach (var (booking, i) in made.Select((b, i) => (b, i)).OrderBy(x => x.b.SlotStart))
        {
            clock.Reset(booking.SlotStart + Duration.FromMinutes(2));
            await queue.EnterDueAsync(ct);
            var agent = agents[i % agents.Count];
            // Mostly helped; some need a second try, some are never reached, a few wrong numbers and follow-ups.
            CallOutcome[] tries = (i % 10) switch
            {
                3 => [CallOutcome.NoAnswer, CallOutcome.Helped],
                5 => [CallOutcome.NoAnswer, CallOutcome.NoAnswer],
                7 => [CallOutcome.WrongNumber],
                9 => [CallOutcome.NeedsFollowUp],
                _ => [CallOutcome.Helped],
            };
            foreach (var outcome in tries)
            {
                await queue.ClaimAsync(booking.Id, agent, "Demo data: last week's calls are shared out in turn.", ct);
                await queue.RecordOutcomeAsync(booking.Id, agent, outcome, null, ct);
                clock.Advance(Duration.FromMinutes(5));
            }
            if (tries[^1] == CallOutcome.Helped && i % 3 != 2)
            {
                clock.Advance(Duration.FromHours(1));
                var words = Words[i % Words.Length];
                await feedback.ReceiveAsync(booking.Id, (FeedbackSource)(i % 3), FeedbackReply.From(5 - (i % 4 == 3 ? 2 : i % 2), words), ct);
            }
        }
        var ids = made.Select(b => b.Id).ToList();
        await db.OutboundMessages.Where(m => ids.Contains(m.BookingId)).ExecuteDeleteAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static PhoneNumber Phone(int number)
    {
        var digits = (10000 + number).ToString(CultureInfo.InvariantCulture)[1..];
        return PhoneNumber.TryParse("+32 470 00 " + digits, out var phone) == PhoneProblem.None
            ? phone!
            : throw new InvalidOperationException($"Demo phone number {digits} is not valid.");
    }

    private static Needs NeedsFor(int number) => (number % 5) switch
    {
        1 => new Needs { Hearing = true },
        2 => new Needs { MoreTime = true, Reading = true },
        3 => new Needs { OtherLanguage = "Arabic" },
        _ => Needs.None,
    };

    /// <summary>The time of the replay, moved forward by hand.</summary>
    private sealed class ReplayClock(Instant start) : IClock
    {
        private Instant _now = start;

        public Instant GetCurrentInstant() => _now;

        public void Reset(Instant instant) => _now = instant;

        public void Advance(Duration duration) => _now += duration;
    }

    private sealed class SilentSignal : IOutboxSignal
    {
        public void Committed(IEnumerable<OutboundMessage> messages)
        {
        }
    }
}
