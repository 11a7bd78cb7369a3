using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Pages;

/// <summary>The joint-return question on the "what would help you" page, without JavaScript.</summary>
public sealed partial class BookingPagesTests
{
    [Fact]
    public async Task A_couple_names_the_partner_on_the_needs_page_and_books_a_call_one_slot_longer_with_the_reason_shown()
    {
        var citizen = await AtCheckAsync(TestClock.Wednesday1000Slot, "0470 12 34 90", ("JointReturn", "true"), ("partnerName", "Jean Dubois"));
        Assert.Contains(Fr("Needs.PartnerIs").Replace("{0}", "Jean Dubois"), citizen.Text);
        Assert.Contains(Fr("Rule.slots.joint-return"), citizen.Text);
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/confirmation", citizen.Location!.AbsolutePath);
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(("Jean Dubois", 2), (booking.Needs.PartnerName, booking.SlotCount));
        Assert.Equal(2, await _factory.QueryAsync(db => db.SeatClaims.CountAsync()));
    }

    [Fact]
    public async Task A_joint_return_ticked_without_the_partner_s_name_shows_a_linked_error_and_books_nothing()
    {
        var citizen = NewCitizen();
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        await citizen.ChooseTimeAsync(TestClock.Wednesday1000Slot);
        await citizen.SubmitAsync(("phone", "0470 12 34 91"));
        await citizen.SubmitAsync(("name", ""), ("email", ""));
        await citizen.SubmitAsync(("JointReturn", "true"), ("partnerName", " "));
        AssertErrorLinksTo(citizen, "partnerName", Fr("Error.PartnerName.Missing"));
        await citizen.SubmitAsync(("JointReturn", "true"), ("partnerName", new string('x', 101)));
        AssertErrorLinksTo(citizen, "partnerName", Fr("Error.PartnerName.TooLong"));
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }
}
