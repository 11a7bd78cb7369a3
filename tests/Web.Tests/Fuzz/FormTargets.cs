using Allo.Domain.Calls;
using Allo.Domain.Feedback;
using Allo.Scheduler.Bookings;
using static Allo.Web.Tests.Fuzz.FormTarget;

namespace Allo.Web.Tests.Fuzz;

/// <summary>Every citizen and staff form, as its page renders it, with what each field takes.</summary>
public static class FormTargets
{
    private static string Manage(FuzzWorld w, string page) => $"{page}?ref={w.Reference}&token={Uri.EscapeDataString(w.ManageToken)}";

    private static readonly FieldSpec[] Needs =
    [
        new("otherLanguageName", FieldKind.RequiredText, Max: BookingFields.MaxLanguageName) { Requires = "OtherLanguage" },
        new("proxyName", FieldKind.RequiredText, Max: BookingFields.MaxName) { Requires = "Proxy" },
        new("proxyPhone", FieldKind.Phone) { Requires = "Proxy" },
    ];

    public static IEnumerable<FuzzTarget> All()
    {
        // The citizen's booking steps keep their answers in the draft cookie only; the check page's
        // draft has the number of a booking that exists, so confirming it leads to "already booked".
        yield return new FormTarget("start: language", FuzzWorld.Visitor, _ => "/", Only, new FieldSpec("Language", FieldKind.Choice));
        yield return new FormTarget("book: day", FuzzWorld.Citizen, _ => "/book/when", Only, new FieldSpec("day", FieldKind.Date));
        yield return new FormTarget("book: time", FuzzWorld.Citizen, _ => "/book/time?day=2026-12-03", Only, new FieldSpec("slotStart", FieldKind.Slot));
        yield return new FormTarget("book: phone", FuzzWorld.Citizen, _ => "/book/phone", Only, new FieldSpec("phone", FieldKind.Phone));
        yield return new FormTarget("book: details", FuzzWorld.Citizen, _ => "/book/details", Only,
            new FieldSpec("name", FieldKind.Text, Max: BookingFields.MaxName), new FieldSpec("email", FieldKind.Email));
        yield return new FormTarget("book: needs", FuzzWorld.Citizen, _ => "/book/needs", Only, Needs);
        yield return new FormTarget("book: check", FuzzWorld.Citizen, _ => "/book/check", Only) { Harmless = true };
        yield return new FormTarget("book: already booked", FuzzWorld.Citizen, _ => "/book/already-booked", Only, new FieldSpec("reference", FieldKind.Key));
        // The wish keeps its answers in the draft only; the waitlist check page's draft number is already in line.
        yield return new FormTarget("waitlist: wish", FuzzWorld.Citizen, _ => "/waitlist/join", Only,
            new FieldSpec("firstDay", FieldKind.Date), new FieldSpec("lastDay", FieldKind.Date), new FieldSpec("parts", FieldKind.Choice)) { Harmless = true };
        yield return new FormTarget("waitlist: check", FuzzWorld.Citizen, _ => "/waitlist/check", Only) { Harmless = true };
        yield return new FormTarget("waitlist: leave", FuzzWorld.Visitor, w => $"/waitlist/{w.WaitlistId}/leave?token={Uri.EscapeDataString(w.WaitlistToken)}", Only)
        { AddressKeys = ["token"], PathId = w => w.WaitlistId };

        yield return new FormTarget("manage: move, day", FuzzWorld.Visitor, w => Manage(w, "/manage/move"), Only, new FieldSpec("day", FieldKind.Date))
        { AddressKeys = ["ref", "token"] };
        yield return new FormTarget("manage: move, time", FuzzWorld.Visitor, w => Manage(w, "/manage/move/time") + "&day=2026-12-03", Only, new FieldSpec("slotStart", FieldKind.Slot))
        { AddressKeys = ["ref", "token"] };
        yield return new FormTarget("manage: contact", FuzzWorld.Visitor, w => Manage(w, "/manage/contact"), Only, Needs) { AddressKeys = ["ref", "token"] };
        yield return new FormTarget("manage: cancel", FuzzWorld.Visitor, w => Manage(w, "/manage/cancel"), Only) { AddressKeys = ["ref", "token"] };
        yield return new FormTarget("feedback", FuzzWorld.Visitor, w => w.FeedbackPath, Only,
            new FieldSpec("rating", FieldKind.Number, Min: 1, Max: 5), new FieldSpec("words", FieldKind.Text, Max: FeedbackReply.WordsMaxLength));
        yield return new FormTarget("staff: sign in", FuzzWorld.Visitor, _ => "/staff/sign-in", Only, new FieldSpec("email", FieldKind.RequiredText, Max: 5000));

        yield return new FormTarget("agent: claim from the queue", FuzzWorld.AgentBrowser, _ => "/agent", Holding(w => w.Queued), new FieldSpec("id", FieldKind.Key));
        yield return new FormTarget("agent: outcome", FuzzWorld.AgentBrowser, w => $"/agent/callbacks/{w.Held}", Button("record-outcome"),
            new FieldSpec("outcome", FieldKind.Choice), new FieldSpec("note", FieldKind.Text, Max: CallRecord.NoteMaxLength)) { PathId = w => w.Held };
        yield return new FormTarget("agent: release", FuzzWorld.AgentBrowser, w => $"/agent/callbacks/{w.Held}", Button("release")) { PathId = w => w.Held };
        yield return new FormTarget("agent: dial", FuzzWorld.AgentBrowser, w => $"/agent/callbacks/{w.Held}", Button("dial-button")) { Harmless = true, PathId = w => w.Held };
        yield return new FormTarget("agent: another time", FuzzWorld.AgentBrowser, w => $"/agent/callbacks/{w.Held}/another-time", Button("reschedule"),
            new FieldSpec("slotStart", FieldKind.Slot), new FieldSpec("note", FieldKind.Text, Max: CallRecord.NoteMaxLength)) { PathId = w => w.Held };
        yield return new FormTarget("agent: day", FuzzWorld.AgentBrowser, _ => "/agent/day", Button("show-day"), new FieldSpec("date", FieldKind.Date)) { Harmless = true };
        yield return new FormTarget("agent: own phone", FuzzWorld.AgentBrowser, _ => "/agent/day", Button("save-phone"), new FieldSpec("phone", FieldKind.Phone) { EmptyIsValid = true });
        yield return new FormTarget("agent: new feed address", FuzzWorld.AgentBrowser, _ => "/agent/day", Button("new-feed"));

        yield return new FormTarget("manager: weekly capacity", FuzzWorld.ManagerBrowser, _ => "/manager/capacity", Button("save-week"),
            new FieldSpec("agents-Monday-9", FieldKind.Number, Max: 500), new FieldSpec("agents-Wednesday-13", FieldKind.Number, Max: 500),
            new FieldSpec("agents-Friday-15", FieldKind.Number, Max: 500));
        yield return new FormTarget("manager: closure or extra agents", FuzzWorld.ManagerBrowser, _ => "/manager/capacity", Button("add-adjustment"),
            new FieldSpec("kind", FieldKind.Choice), new FieldSpec("from", FieldKind.Date), new FieldSpec("to", FieldKind.Date),
            new FieldSpec("extra", FieldKind.Number, Min: 1, Max: 500, Poisonable: false), new FieldSpec("reason", FieldKind.RequiredText, Max: 200));
        yield return new FormTarget("manager: remove a closure", FuzzWorld.ManagerBrowser, _ => "/manager/capacity", Holding(w => w.AdjustmentId), new FieldSpec("id", FieldKind.Key));
        yield return new FormTarget("manager: feedback filters", FuzzWorld.ManagerBrowser, _ => "/manager/feedback", Button("apply"), FeedbackFilters) { Harmless = true };
        yield return new CsvOfTheFilters();
        yield return new FormTarget("manager: feedback handled", FuzzWorld.ManagerBrowser, _ => "/manager/feedback?state=open", Holding(w => w.FeedbackId), new FieldSpec("id", FieldKind.Key));
        yield return new FormTarget("manager: access log search", FuzzWorld.ManagerBrowser, _ => "/manager/access-log", Button("show"),
            new FieldSpec("reference", FieldKind.Text, Max: 20), new FieldSpec("staff", FieldKind.Key)) { Harmless = true };
        yield return new FormTarget("manager: dashboard", FuzzWorld.ManagerBrowser, _ => "/manager/dashboard", Button("show"),
            new FieldSpec("from", FieldKind.Date), new FieldSpec("to", FieldKind.Date), new FieldSpec("by", FieldKind.Choice)) { Harmless = true };
    }

    private static readonly FieldSpec[] FeedbackFilters =
    [
        new("from", FieldKind.Date), new("to", FieldKind.Date), new("q", FieldKind.Text, Max: 100), new("agent", FieldKind.Key),
        new("source", FieldKind.Choice), new("language", FieldKind.Choice), new("need", FieldKind.Choice), new("state", FieldKind.Choice),
    ];

    /// <summary>The feedback filters sent to the CSV export: the file must never start before they are checked.</summary>
    private sealed class CsvOfTheFilters() : FuzzTarget("manager: feedback as CSV")
    {
        private readonly FormTarget _form = new("manager: feedback filters", FuzzWorld.ManagerBrowser, _ => "/manager/feedback", Button("apply"), FeedbackFilters) { Harmless = true };

        public override Task<object?> PrepareAsync(FuzzWorld world) => _form.PrepareAsync(world);

        public override FuzzRequest Make(FuzzWorld world, object? prepared, Random random)
        {
            var request = _form.Make(world, prepared, random);
            return request with { Url = request.Url + "&handler=Csv" };
        }
    }
}
