using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Waitlist;

/// <summary>
/// A full Wednesday morning: no agents at 09:00 and 11:00, <see cref="SeatsAt10"/> at 10:00, and every
/// seat of the four slots of 10:00 booked, so a wish for Wednesday morning finds a seat only when one frees.
/// </summary>
public abstract class WaitlistTestBase(DatabaseProvider provider) : BookingTestBase(provider)
{
    protected static readonly LocalDate Wednesday = new(2026, 12, 2);
    protected static readonly Instant Wednesday1015 = TestClock.Brussels(2026, 12, 2, 10, 15);
    protected readonly List<BookingOutcome.Done> Booked = [];

    protected virtual int SeatsAt10 => 1;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 9), 0);
        await SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 11), 0);
        await SetSeatsAsync(Wednesday10, SeatsAt10);
        for (var seat = 0; seat < SeatsAt10; seat++)
        {
            for (var quarter = 0; quarter < 4; quarter++)
            {
                Booked.Add(Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10 + Duration.FromMinutes(15 * quarter), $"0470 90 {seat:00} {quarter:00}"))));
            }
        }
    }

    protected WaitlistService NewWaitlist(AlloDbContext db) => new(db, Calendar, Clock, Planner, Signal, NewService(db));

    protected static PhoneNumber Phone(string text)
    {
        PhoneNumber.TryParse(text, out var phone);
        return phone!;
    }

    /// <summary>Joins for Wednesday morning, one minute after whoever joined before (first come, first served).</summary>
    protected async Task<JoinOutcome.Joined> JoinAsync(string phone, string? email = null)
    {
        Clock.Advance(Duration.FromMinutes(1));
        await using var db = Database.NewContext();
        return Assert.IsType<JoinOutcome.Joined>(await NewWaitlist(db).JoinAsync(Phone(phone), Language.Nl, null, email, Needs.None, Wednesday, Wednesday, DayParts.Morning));
    }

    protected async Task<int> SweepAsync()
    {
        await using var db = Database.NewContext();
        return await NewWaitlist(db).SweepAsync();
    }

    protected async Task<AnswerOutcome> YesAsync(string phone)
    {
        await using var db = Database.NewContext();
        return await NewWaitlist(db).AcceptByPhoneAsync(Phone(phone).E164);
    }

    protected async Task CancelAsync(BookingOutcome.Done done)
    {
        await using var db = Database.NewContext();
        Assert.IsType<BookingOutcome.Done>(await NewService(db).CancelAsync(done.Booking.Reference, done.ManageToken));
    }

    protected async Task<WaitlistEntry> EntryAsync(string phone)
    {
        await using var db = Database.NewContext();
        var e164 = Phone(phone).E164;
        return await db.WaitlistEntries.AsNoTracking().Where(e => e.PhoneE164 == e164).OrderByDescending(e => e.JoinedAt).FirstAsync();
    }

    protected async Task<int> ClaimsAsync(Instant slot)
    {
        await using var db = Database.NewContext();
        return await db.SeatClaims.CountAsync(c => c.SlotStart == slot);
    }

    protected async Task<List<OutboundMessage>> OffersSentToAsync(string phone)
    {
        await using var db = Database.NewContext();
        var e164 = Phone(phone).E164;
        return await db.OutboundMessages.AsNoTracking().Where(m => m.Kind == MessageKind.WaitlistOffer && m.To == e164).ToListAsync();
    }
}
