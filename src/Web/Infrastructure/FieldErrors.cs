using Allo.Scheduler.Bookings;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

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
    /// A date typed as 2026-12-01 (what a date field sends): null when empty, and null with the error
    /// on <paramref name="field"/> when it is not a date.
    /// </summary>
    public static NodaTime.LocalDate? ReadDate(this ModelStateDictionary state, string? value, string field, IStringLocalizer text)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(value.Trim());
        if (parsed.Success)
        {
            return parsed.Value;
        }
        state.AddModelError(field, text["Manager.Error.Date"]);
        return null;
    }

    public static string? ErrorFor(this ModelStateDictionary state, string field) =>
        state.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
