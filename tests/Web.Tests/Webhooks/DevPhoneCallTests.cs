using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Webhooks;

/// <summary>The dev phone's call mode over HTTP, without JavaScript: the same menu, played as text with a keypad.</summary>
public sealed class DevPhoneCallTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    [Fact]
    public async Task A_person_books_by_calling_from_the_dev_phone_with_a_hidden_number_typed_on_the_keypad()
    {
        var phone = FormClient.For(_factory);
        await phone.GetAsync("/dev/phone?number=0470 60 00 02");
        await phone.Form("start-call").Check("withheld").SubmitAsync();
        Assert.Contains("Voor Nederlands, druk 1.", phone.Text);
        Assert.Contains("lang=\"fr\"", phone.Html);
        await phone.SubmitAsync("key-silence");
        Assert.Contains("Sorry, dat begreep ik niet.", phone.Text);
        await phone.SubmitAsync("key-4");
        Assert.Contains("Your number is hidden.", phone.Text);
        foreach (var key in "0470600003")
        {
            await phone.SubmitAsync($"key-{key}");
        }
        Assert.Contains("0470600003", phone.Text);
        await phone.SubmitAsync("key-hash");
        Assert.Contains("0, 4, 7, 0, 6, 0, 0, 0, 0, 3", phone.Text);
        foreach (var key in new[] { "1", "1", "1", "1" })
        {
            await phone.SubmitAsync($"key-{key}");
        }
        Assert.Contains("The service hung up.", phone.Text);
        Assert.Contains("We never ask for your bank details.", phone.Text);
        var booking = await _factory.QueryAsync(db => db.Bookings.AsNoTracking().SingleAsync());
        Assert.Equal(("+32470600003", FrontEnd.Phone), (booking.PhoneE164, booking.FrontEnd));
        Assert.Contains(PhoneticSpelling.Spell(booking.Reference, Language.En), phone.Text);
    }

    [Fact]
    public async Task A_person_asks_for_an_interpreter_and_a_helper_from_the_dev_phone_with_the_keypad_alone()
    {
        var phone = FormClient.For(_factory);
        await phone.GetAsync("/dev/phone?number=0470 60 00 05");
        await phone.Form("start-call").SubmitAsync();
        await phone.SubmitAsync("key-1");
        await phone.SubmitAsync("key-1");
        Assert.Contains("Een andere taal, met een tolk? Druk 4.", phone.Text);
        await phone.SubmitAsync("key-4");
        Assert.Contains("Arabisch: druk 1.", phone.Text);
        await phone.SubmitAsync("key-1");
        Assert.Contains("Er is een tolk Arabisch bij het gesprek.", phone.Text);
        await phone.SubmitAsync("key-5");
        foreach (var key in "0470600006")
        {
            await phone.SubmitAsync($"key-{key}");
        }
        await phone.SubmitAsync("key-hash");
        Assert.Contains("De herinneringen gaan ook naar 0, 4, 7, 0, 6, 0, 0, 0, 0, 6.", phone.Text);
        foreach (var key in new[] { "1", "1", "1", "1" })
        {
            await phone.SubmitAsync($"key-{key}");
        }
        Assert.Contains("Er is een tolk bij het gesprek.", phone.Text);
        var booking = await _factory.QueryAsync(db => db.Bookings.AsNoTracking().SingleAsync());
        Assert.Equal(("Arabisch", "+32470600006"), (booking.Needs.OtherLanguage, booking.Needs.Proxy?.Phone.E164));
    }
}
