using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Startup;

/// <summary>The embedded default's demo data: last week's calls with outcomes and feedback, and next week's bookings, full and nearly full slots among them.</summary>
public sealed class DemoDataTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800),
            new Dictionary<string, string> { ["Allo:DemoData"] = "true" });
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    [Fact]
    public async Task A_fresh_start_shows_last_weeks_calls_their_feedback_and_next_weeks_bookings()
    {
        var now = TestClock.Tuesday0800;
        var statuses = await _factory.QueryAsync(db => db.Bookings.Where(b => b.SlotStart < now).Select(b => b.Status).ToListAsync());
        Assert.Contains(BookingStatus.Helped, statuses);
        Assert.Contains(BookingStatus.Unreached, statuses);
        Assert.Contains(BookingStatus.WrongNumber, statuses);
        Assert.DoesNotContain(statuses, s => s.IsActive());
        Assert.True(await _factory.QueryAsync(db => db.Feedback.CountAsync()) > 3);
        Assert.True(await _factory.QueryAsync(db => db.Bookings.CountAsync(b => b.SlotStart > now && b.Status == BookingStatus.Booked)) > 10);
        // Last week's messages are history: nothing of it waits to be sent.
        Assert.False(await _factory.QueryAsync(db => db.OutboundMessages.AnyAsync(m => m.Status == DeliveryStatus.Queued && m.DueAt < now - NodaTime.Duration.FromDays(1))));
        Assert.Equal(3, await _factory.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Next_week_has_at_least_one_full_slot_and_one_with_fewer_seats_than_its_capacity()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var bookings = scope.ServiceProvider.GetRequiredService<BookingService>();
        var capacity = await scope.ServiceProvider.GetRequiredService<SeatLedger>().PlanAsync();
        var week = await bookings.AvailabilityAsync(bookings.Calendar.Today(TestClock.Tuesday0800), 7, null);
        Assert.Contains(week, a => a.SeatsLeft == 0);
        Assert.Contains(week, a => a.SeatsLeft > 0 && a.SeatsLeft < capacity.SeatsFor(a.Slot));
    }

    [Fact]
    public async Task The_demo_manager_signs_in_with_the_published_password_and_a_code_from_the_published_key()
    {
        var browser = FormClient.For(_factory);
        await browser.GetAsync("/staff/sign-in");
        await browser.SubmitAsync(("email", "manager@allo.example"), ("password", Allo.Scheduler.Staff.StaffAccounts.DemoPassword));
        Assert.Equal("/staff/sign-in/code", browser.Location!.AbsolutePath);
        await browser.SubmitAsync(("code", Totp.Code(Allo.Scheduler.Staff.StaffAccounts.DemoAuthenticatorKey)));
        await browser.GetAsync("/manager/staff");
        Assert.Equal("/manager/staff", browser.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_demo_week_has_fewer_German_speaking_agents_than_Dutch_speaking_ones()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var bookings = scope.ServiceProvider.GetRequiredService<BookingService>();
        var capacity = await scope.ServiceProvider.GetRequiredService<SeatLedger>().PlanAsync();
        var slot = bookings.Calendar.SlotsOn(new NodaTime.LocalDate(2026, 12, 2)).First();
        Assert.Equal((4, 1), (capacity.SeatsFor(slot, Allo.Domain.Language.Nl), capacity.SeatsFor(slot, Allo.Domain.Language.De)));
    }
}
