using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Web.Tests.Bookings;

/// <summary>
/// What the booking ledger promises, read straight from the database after every step of a model run.
/// A failure names the step, so a seeded run can be replayed to it.
/// </summary>
public sealed class LedgerInvariants(TestDatabase database, SlotCalendar calendar)
{
    /// <summary>Everything a refused operation must leave exactly as it was.</summary>
    public sealed record State(
        IReadOnlyDictionary<Instant, int> Seats,
        IReadOnlyDictionary<Instant, int> Calls,
        string Bookings,
        string Claims,
        string Queued);

    public async Task<State> ReadAsync()
    {
        await using var db = database.NewContext();
        var seats = await db.SlotSeats.AsNoTracking().ToDictionaryAsync(s => s.SlotStart, s => s.Seats);
        var claims = await db.SeatClaims.AsNoTracking().OrderBy(c => c.BookingId).ThenBy(c => c.SlotStart).ToListAsync();
        var bookings = await db.Bookings.AsNoTracking().OrderBy(b => b.Id).ToListAsync();
        var queued = await db.OutboundMessages.AsNoTracking().Where(m => m.Status == DeliveryStatus.Queued).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
        return new State(
            seats,
            claims.GroupBy(c => c.SlotStart).ToDictionary(g => g.Key, g => g.Count()),
            string.Join("\n", bookings.Select(b => $"{b.Id} {b.Status} {b.SlotStart} {b.SlotCount} {b.Sequence} {ContactPlanJson.Write(b.Plan)}")),
            string.Join("\n", claims.Select(c => $"{c.BookingId} {c.SlotStart}")),
            string.Join("\n", queued));
    }

    /// <summary>Checks every invariant against the state before the step; returns the state after it.</summary>
    public async Task<State> CheckAsync(string step, State before, bool refused)
    {
        var after = await ReadAsync();
        if (refused)
        {
            Assert.True(before.Bookings == after.Bookings, $"{step}: a refused operation changed a booking");
            Assert.True(before.Claims == after.Claims, $"{step}: a refused operation changed seat claims");
            Assert.True(before.Queued == after.Queued, $"{step}: a refused operation changed the queued messages");
        }
        foreach (var (slot, calls) in after.Calls)
        {
            var seats = after.Seats.GetValueOrDefault(slot);
            if (calls > seats)
            {
                // Over-full only because capacity was cut under calls already there, and nothing added since.
                Assert.True(calls <= before.Calls.GetValueOrDefault(slot), $"{step}: {slot} went to {calls} calls on {seats} seats");
            }
        }

        await using var db = database.NewContext();
        var bookings = await db.Bookings.AsNoTracking().ToListAsync();
        var claims = (await db.SeatClaims.AsNoTracking().ToListAsync()).ToLookup(c => c.BookingId, c => c.SlotStart);
        foreach (var booking in bookings)
        {
            var held = claims[booking.Id].Order().ToList();
            var expected = booking.IsActive ? calendar.Run(booking.SlotStart, booking.SlotCount)!.Select(s => s.Start).ToList() : [];
            Assert.True(held.SequenceEqual(expected),
                $"{step}: booking {booking.Reference} ({booking.Status}, {booking.SlotCount} slots at {booking.SlotStart}) holds [{string.Join(", ", held)}]");
        }
        var sequences = bookings.ToDictionary(b => b.Id, b => b.Sequence);
        var queued = await db.OutboundMessages.AsNoTracking().Where(m => m.Status == DeliveryStatus.Queued).ToListAsync();
        var optOuts = (await db.ChannelOptOuts.AsNoTracking().ToListAsync()).Select(o => (o.Address, o.Channel)).ToHashSet();
        foreach (var message in queued)
        {
            Assert.True(message.BookingSequence == sequences[message.BookingId],
                $"{step}: a queued {message.Kind} belongs to version {message.BookingSequence} of a booking now at {sequences[message.BookingId]}");
            Assert.False(optOuts.Contains((message.To, message.Channel)), $"{step}: a {message.Kind} is planned by {message.Channel} to {message.To}, which opted out");
        }
        return after;
    }
}
