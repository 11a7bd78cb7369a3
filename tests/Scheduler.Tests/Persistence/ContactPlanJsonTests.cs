using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Persistence;

namespace Allo.Scheduler.Tests.Persistence;

public sealed class ContactPlanJsonTests
{
    private static readonly ContactPlan Texts = BookingService.PlanFor(Language.Nl, PhoneKind.Mobile, false, Needs.None);
    private static readonly ContactPlan Calls = BookingService.PlanFor(Language.Fr, PhoneKind.Landline, false, Needs.None);

    [Fact]
    public void The_same_stored_text_reads_as_one_plan_equal_to_the_one_written()
    {
        var json = ContactPlanJson.Write(Texts);

        var first = ContactPlanJson.Read(json);
        var again = ContactPlanJson.Read(new string(json.AsSpan()));

        Assert.Same(first, again);
        Assert.Equal(json, ContactPlanJson.Write(first));
    }

    [Fact]
    public void Different_stored_texts_read_as_their_own_plans()
    {
        var texts = ContactPlanJson.Read(ContactPlanJson.Write(Texts));
        var calls = ContactPlanJson.Read(ContactPlanJson.Write(Calls));

        Assert.NotEqual(ContactPlanJson.Write(texts), ContactPlanJson.Write(calls));
        Assert.Equal(Language.Fr, calls.Language.Value);
        Assert.Equal(Language.Nl, texts.Language.Value);
    }
}
