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

    public static string? ErrorFor(this ModelStateDictionary state, string field) =>
        state.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
