using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;

namespace Allo.Scheduler.Waitlist;

// Priority places (Calls:EndOfDay Waitlist, docs/decisions/0037): a citizen whose call the day ended
// before is put in line ahead of those who joined, by the end-of-day job, in its unit of work.
public sealed partial class WaitlistService
{
    /// <summary>How many working days a priority place wishes for, from the first one with a time left.</summary>
    public const int PriorityDays = 3;

    /// <summary>
    /// Stages, for the caller to save with the missed call's close and its message, a priority place
    /// for the number of a call the day ended before; null when the number is in line already (one place
    /// per number: the database's unique index settles two nodes at once) or no working day is left.
    /// </summary>
    /// <returns>The place and its manage link (relative to the public address), whose token is shown only in that message.</returns>
    public async Task<(WaitlistEntry Entry, string ManageLink)?> StagePriorityPlaceAsync(Booking missed, CancellationToken ct = default)
    {
        if (await InLineAsync(missed.PhoneE164, ct) is not null)
        {
            return null;
        }
        var token = ManageToken.New();
        WaitlistEntry entry;
        try
        {
            entry = WaitlistEntry.ForMissedCall(calendar, clock.GetCurrentInstant(), missed, PriorityDays, ManageToken.Hash(token));
        }
        catch (WaitlistRuleException)
        {
            return null;
        }
        db.WaitlistEntries.Add(entry);
        return (entry, ManageLink(entry.Id, token, missed.Language));
    }

    /// <summary>The manage link of a place in line: leave the list (the page is the web's, at /waitlist/{id}).</summary>
    public static string ManageLink(Guid id, string token, Language language) => $"waitlist/{id}?token={token}&lang={language.Code()}";
}
