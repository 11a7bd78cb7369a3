using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Scheduler.Demo;

/// <summary>
/// A few days of believable bookings for a first look at the service, so that some slots show
/// fewer seats and some are full. Only on an empty database, and only when Allo:DemoData is on.
/// </summary>
public static class DemoData
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AlloDbContext>();
        if (await db.Bookings.AnyAsync(ct))
        {
            return;
        }
        var bookings = services.GetRequiredService<BookingService>();
        var today = bookings.Calendar.Today(services.GetRequiredService<NodaTime.IClock>().GetCurrentInstant());
        var slots = (await bookings.AvailabilityAsync(today, 7, ct)).ToList();
        var number = 0;
        foreach (var (slot, index) in slots.Select((s, i) => (s, i)))
        {
            // Every third slot gets one booking, every seventh is full.
            var wanted = index % 7 == 0 ? slot.SeatsLeft : index % 3 == 0 ? 1 : 0;
            for (var i = 0; i < wanted; i++)
            {
                number++;
                var digits = (10000 + number).ToString(CultureInfo.InvariantCulture)[1..];
                if (PhoneNumber.TryParse("+32 470 00 " + digits, out var phone) != PhoneProblem.None)
                {
                    throw new InvalidOperationException($"Demo phone number {digits} is not valid.");
                }
                var language = Languages.All[number % Languages.All.Count];
                var needs = (number % 5) switch
                {
                    1 => new Needs { Hearing = true },
                    2 => new Needs { MoreTime = true, Reading = true },
                    3 => new Needs { OtherLanguage = "Arabic" },
                    _ => Needs.None,
                };
                await bookings.BookAsync(slot.Slot.Start, phone!, language, $"Demo citizen {number}", null, needs, ct: ct);
            }
        }
    }
}
