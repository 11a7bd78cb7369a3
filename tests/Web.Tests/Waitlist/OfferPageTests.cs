using System.Net;
using System.Net.Http.Json;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Options;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Waitlist;

/// <summary>The page an offer email links to: the held time, one button that takes it, and what a late visit sees.</summary>
public sealed class OfferPageTests : IAsyncLifetime
{
    private static readonly Instant Wednesday1015 = TestClock.Brussels(2026, 12, 2, 10, 15);
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
        // Wednesday morning has one seat a quarter at 10:00 and none else; all but 10:15 are booked.
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 9), 0);
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 11), 0);
        await _factory.SetSeatsAsync(TestClock.Wednesday1000, 1);
        foreach (var (slot, phone) in new[] { ("10:00", "0470 80 00 00"), ("10:30", "0470 80 00 30"), ("10:45", "0470 80 00 45") })
        {
            var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = $"2026-12-02T{slot}:00+01:00", phone, language = "nl" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    /// <summary>Joins for Wednesday morning and lets the sweep offer 10:15; the link of the offer email.</summary>
    private async Task<string> OfferedLinkAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var waitlist = scope.ServiceProvider.GetRequiredService<WaitlistService>();
        PhoneNumber.TryParse("0470 11 22 33", out var phone);
        Assert.IsType<JoinOutcome.Joined>(await waitlist.JoinAsync(phone!, Language.Fr, null, "lea@example.be", Needs.None,
            new LocalDate(2026, 12, 2), new LocalDate(2026, 12, 2), DayParts.Morning));
        Assert.Equal(1, await waitlist.SweepAsync());
        var held = await _factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.Status == BookingStatus.Offered));
        return scope.ServiceProvider.GetRequiredService<OfferLinks>().For(held.Id, Language.Fr).PathAndQuery;
    }

    [Fact]
    public async Task The_link_shows_the_held_time_and_its_button_books_it_then_redirects_to_the_confirmation()
    {
        var link = await OfferedLinkAsync();
        var citizen = FormClient.For(_factory, "nl-BE");
        await citizen.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, citizen.Status);
        Assert.Contains("lang=\"fr\"", citizen.Html);
        Assert.Contains("10:15", citizen.Text);

        await citizen.SubmitAsync();

        Assert.Equal("/waitlist/taken", citizen.Location!.AbsolutePath);
        var booked = await _factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.SlotStart == Wednesday1015));
        Assert.Equal(BookingStatus.Booked, booked.Status);
    }

    [Fact]
    public async Task After_the_hold_the_link_says_the_time_has_gone_and_its_button_books_nothing()
    {
        var link = await OfferedLinkAsync();
        var citizen = FormClient.For(_factory, "fr-BE");
        await citizen.GetAsync(link);
        _factory.Clock.Advance(WaitlistService.OfferHold);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WaitlistService>().SweepAsync();
        }

        await citizen.SubmitAsync();
        await citizen.GetAsync(citizen.Location!.PathAndQuery);

        Assert.Contains("id=\"offer-gone\"", citizen.Html);
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync(b => b.SlotStart == Wednesday1015 && b.Status == BookingStatus.Booked)));
    }

    [Fact]
    public async Task An_altered_link_is_not_found()
    {
        var link = (await OfferedLinkAsync()).ToCharArray();
        var at = "/waitlist/offer/".Length + 20;
        link[at] = link[at] == 'A' ? 'B' : 'A';
        Assert.Equal(HttpStatusCode.NotFound, (await _factory.CreateClient().GetAsync(new string(link))).StatusCode);
    }
}
