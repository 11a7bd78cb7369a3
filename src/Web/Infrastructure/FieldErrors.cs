using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace Allo.Web.Infrastructure;

public static class FieldErrors
{
    /// <summary>Puts each error under its field's id, in the citizen's language, for the error summary and the field.</summary>
    public static void Add(this ModelStateDictionary state, IEnumerable<FieldError> errors, IStringLocalizer text)
    {
        foreach (var error in errors)
        {
            state.AddModelError(error.Field, text[error.MessageKey]);
        }
    }

    /// <summary>
    /// A move that did not happen, on the time picker: invalid input, the slot just taken, or a rule
    /// that refused it (with the rule's words under <paramref name="refusalPrefix"/>, for agents' wording).
    /// False for outcomes the page handles itself.
    /// </summary>
    public static bool AddMoveRefusal(this ModelStateDictionary state, BookingOutcome outcome, IStringLocalizer text, string refusalPrefix = "Error.Booking.")
    {
        switch (outcome)
        {
            case BookingOutcome.Invalid invalid:
                state.Add(invalid.Errors, text);
                return true;
            case BookingOutcome.SlotFull:
                state.AddModelError("slotStart", text["Error.Slot.Taken"]);
                return true;
            case BookingOutcome.Refused refused:
                state.AddModelError("slotStart", text[refusalPrefix + refused.MessageKey.Replace("Error.Booking.", "", StringComparison.Ordinal)]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A date typed as 2026-12-01 (what a date field sends), for staff: null when empty, and null with
    /// the error on <paramref name="field"/> when it is not a date or not one the service can talk
    /// about (<see cref="ServiceDates.Range"/> around <paramref name="today"/>).
    /// </summary>
    public static LocalDate? ReadDate(this ModelStateDictionary state, string? value, string field, IStringLocalizer text, LocalDate today)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var parsed = value.Length <= 20 ? LocalDatePattern.Iso.Parse(value.Trim()) : null;
        if (parsed is not { Success: true })
        {
            state.AddModelError(field, text["Manager.Error.Date"]);
            return null;
        }
        var range = ServiceDates.Range(today);
        if (!range.Contains(parsed.Value))
        {
            state.AddModelError(field, text["Manager.Error.DateRange", Iso(range.Start), Iso(range.End)]);
            return null;
        }
        return parsed.Value;
    }

    /// <summary>The free-text rule on any form's field (<see cref="BookingFields.CheckText"/>); true when the text is acceptable.</summary>
    public static bool CheckText(this ModelStateDictionary state, string? value, string field, IStringLocalizer text, bool multiline = false)
    {
        var errors = BookingFields.CheckText(value, field, multiline).ToList();
        state.Add(errors, text);
        return errors.Count == 0;
    }

    /// <summary>
    /// A number a page puts in its own links or hidden fields (the slot picker's week): nobody types
    /// it, so a hand-edited one reads as <paramref name="fallback"/> rather than as a field error.
    /// </summary>
    public static int ReadNumber(string? value, int fallback = 0) =>
        int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : fallback;

    /// <summary>A true/false a page puts in its own links or hidden fields; anything but "true" is false.</summary>
    public static bool ReadFlag(string? value) => bool.TryParse(value, out var flag) && flag;

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string? ErrorFor(this ModelStateDictionary state, string field) =>
        state.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
