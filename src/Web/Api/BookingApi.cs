using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Allo.Web.Api;

/// <summary>
/// JSON API v1, for other front ends (a government app, a partner's desk). Same rules as the web
/// pages because both go through <see cref="BookingService"/>; errors are problem+json.
/// </summary>
public static class BookingApi
{
    public const string RateLimitPolicy = "api";
    private const string TokenHeader = "X-Manage-Token";

    public static RouteGroupBuilder MapBookingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireRateLimiting(RateLimitPolicy).WithTags("Bookings");
        api.WithMetadata(new NoStoreAttribute()); // a manage token or a citizen's details, or seats that change by the second
        api.MapGet("/slots", GetSlots).WithName("GetSlots");
        api.MapPost("/bookings", Book).WithName("Book");
        api.MapGet("/bookings/{reference}", Get).WithName("GetBooking");
        api.MapPost("/bookings/{reference}/reschedule", Reschedule).WithName("Reschedule");
        api.MapDelete("/bookings/{reference}", Cancel).WithName("Cancel");
        api.MapGet("/bookings/{reference}/calendar.ics", Calendar).WithName("Calendar");
        api.MapPost("/contact-plans", PlanContact).WithName("ContactPlan");
        return api;
    }

    public sealed record SlotDto(string Start, string End, int SeatsLeft);

    /// <param name="OptedOut">Channels the citizen refuses, as in <c>POST /api/v1/contact-plans</c>; recorded for their number and address.</param>
    public sealed record BookingRequest(string? SlotStart, string? Phone, string? Language, string? Name, string? Email, NeedsDto? Needs, Channel[]? OptedOut = null);

    public sealed record NeedsDto(
        bool Hearing = false, bool Sight = false, bool Reading = false, bool MoreTime = false, bool Speech = false,
        string? OtherLanguage = null, bool PrefersCall = false, bool PrefersText = false, ProxyDto? Proxy = null)
    {
        public NeedsInput ToInput() => new()
        {
            Hearing = Hearing,
            Sight = Sight,
            Reading = Reading,
            MoreTime = MoreTime,
            Speech = Speech,
            OtherLanguage = OtherLanguage is not null,
            OtherLanguageName = OtherLanguage,
            PrefersCall = PrefersCall,
            PrefersText = PrefersText,
            Proxy = Proxy is not null,
            ProxyName = Proxy?.Name,
            ProxyPhone = Proxy?.Phone,
            ProxyTakesCall = Proxy?.TakesCall ?? false,
        };

        public static NeedsDto From(Needs needs) => new(
            needs.Hearing, needs.Sight, needs.Reading, needs.MoreTime, needs.Speech, needs.OtherLanguage, needs.PrefersCall, needs.PrefersText,
            needs.Proxy is null ? null : new ProxyDto(needs.Proxy.Name, needs.Proxy.Phone.E164, needs.Proxy.TakesCall));
    }

    public sealed record ProxyDto(string? Name, string? Phone, bool TakesCall = false);

    public sealed record ContactPlanRequest(string? Phone, string? Language, string? Email, NeedsDto? Needs, Channel[]? OptedOut);

    public sealed record RescheduleRequest(string? SlotStart);

    public sealed record BookingDto(
        string Reference, string? ManageToken, string Start, string End, string Status, string Language,
        string Phone, string PhoneKind, string? Name, string? Email, NeedsDto Needs, int Sequence, ContactPlanDto ContactPlan);

    /// <param name="from">The first day, YYYY-MM-DD: a day a citizen can book on now (today to the end of the horizon).</param>
    /// <param name="days">How many days, 1 to 62 (7 when left out).</param>
    /// <param name="length">How many consecutive slots the call takes, 1 to 4 (the contact plan's slots; 1 when left out).</param>
    /// <param name="language">The call's language, nl, fr, de or en: only times with an agent free who speaks it. Left out, the times with any seat free, which a booking in a language may still find full.</param>
    /// <param name="callback">The contact plan's callback, as its <c>callback.value</c> says (<c>RelayCall</c>: only times when the relay service is open for the whole call). Left out, a call by phone.</param>
    private static async Task<Results<Ok<SlotDto[]>, ProblemHttpResult>> GetSlots(
        BookingService bookings, IClock clock, string? from, string? days, string? length, string? language, string? callback, CancellationToken ct)
    {
        var mode = CallbackMode.Voice;
        if (callback is not null)
        {
            // By name only, as the contact plan writes it: Enum.TryParse would also take "4" or "Voice,RelayCall".
            var name = Enum.GetNames<CallbackMode>().FirstOrDefault(n => string.Equals(n, callback, StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                return Problem("callback", $"Use the contact plan's callback: {string.Join(", ", Enum.GetNames<CallbackMode>())}.");
            }
            mode = Enum.Parse<CallbackMode>(name);
        }
        Language? callLanguage = null;
        if (language is not null)
        {
            if (language.Length > 10 || !Languages.TryParse(language, out var parsedLanguage))
            {
                return Problem("language", "Use nl, fr, de or en.");
            }
            callLanguage = parsedLanguage;
        }
        var calendar = bookings.Calendar;
        var bookable = calendar.BookableDates(clock.GetCurrentInstant());
        var start = bookable.Start;
        if (from is not null)
        {
            var parsed = from.Length <= 20 ? LocalDatePattern.Iso.Parse(from) : null;
            if (parsed is not { Success: true })
            {
                return Problem("from", "Use a date as YYYY-MM-DD.");
            }
            if (!bookable.Contains(parsed.Value))
            {
                return Problem("from", $"Ask for a day from {LocalDatePattern.Iso.Format(bookable.Start)} to {LocalDatePattern.Iso.Format(bookable.End)}: today to the end of the booking horizon.");
            }
            start = parsed.Value;
        }
        if (!TryReadCount(days, 7, 1, 62, out var count))
        {
            return Problem("days", "Ask for 1 to 62 days.");
        }
        // A call the contact plan makes longer (an interpreter, more time) needs consecutive free slots.
        if (!TryReadCount(length, 1, 1, 4, out var slotCount))
        {
            return Problem("length", "Ask for a call of 1 to 4 slots (the contact plan's slots).");
        }
        var slots = await bookings.AvailabilityAsync(start, count, callLanguage, ct, slotCount, mode);
        return TypedResults.Ok(slots.Where(s => s.SeatsLeft > 0).Select(s => ToDto(s, calendar.Zone)).ToArray());
    }

    /// <summary>A whole number in the query, read here so that a wrong one is a problem naming its parameter.</summary>
    private static bool TryReadCount(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (text is null)
        {
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static async Task<IResult> Book(BookingRequest? request, BookingService bookings, JsonStringLocalizer text, HttpContext http, CancellationToken ct)
    {
        if (request is null)
        {
            return Problem("body", "Send a JSON body with slotStart, phone and language.");
        }
        var input = new BookingInput
        {
            SlotStart = request.SlotStart,
            Phone = request.Phone,
            Language = request.Language,
            Name = request.Name,
            Email = request.Email,
            Needs = (request.Needs ?? new NeedsDto()).ToInput().Refusing(request.OptedOut),
        };
        var messages = Languages.TryParse(request.Language, out var language) ? language : Language.En;
        var outcome = await bookings.BookAsync(input, FrontEnd.Api, ct);
        return outcome switch
        {
            BookingOutcome.Done done => TypedResults.Created(
                $"/api/v1/bookings/{done.Booking.Reference}", ToDto(done.Booking, done.ManageToken, bookings.Calendar.Zone, text)),
            _ => Failure(outcome, text, messages, bookings.Calendar.Zone),
        };
    }

    private static async Task<IResult> Get(string reference, BookingService bookings, JsonStringLocalizer text, HttpRequest request, CancellationToken ct)
    {
        var booking = await bookings.FindAsync(reference, TokenOf(request), ct);
        return booking is null ? NotFound() : TypedResults.Ok(ToDto(booking, null, bookings.Calendar.Zone, text));
    }

    private static async Task<IResult> Reschedule(
        string reference, RescheduleRequest? body, BookingService bookings, JsonStringLocalizer text, HttpRequest request, CancellationToken ct)
    {
        var token = TokenOf(request);
        var outcome = await bookings.MoveAsync(reference, token, body?.SlotStart, ct);
        if (outcome is BookingOutcome.Done done)
        {
            return TypedResults.Ok(ToDto(done.Booking, null, bookings.Calendar.Zone, text));
        }
        var booking = await bookings.FindAsync(reference, token, ct);
        return Failure(outcome, text, booking?.Language ?? Language.En, bookings.Calendar.Zone);
    }

    private static async Task<IResult> Cancel(string reference, BookingService bookings, JsonStringLocalizer text, HttpRequest request, CancellationToken ct)
    {
        var outcome = await bookings.CancelAsync(reference, TokenOf(request), ct);
        return outcome is BookingOutcome.Done done
            ? TypedResults.Ok(ToDto(done.Booking, null, bookings.Calendar.Zone, text))
            : Failure(outcome, text, Language.En, bookings.Calendar.Zone);
    }

    private static async Task<IResult> Calendar(
        string reference, BookingService bookings, SlotCalendar calendar, JsonStringLocalizer text, Scheduler.Messaging.MessagingSettings settings, HttpRequest request, CancellationToken ct)
    {
        var booking = await bookings.FindAsync(reference, TokenOf(request), ct);
        return booking is null ? NotFound() : CalendarDownload.For(booking, calendar, text, settings, null);
    }

    /// <summary>The contact rules as a service: the plan for a profile, with its reasons, and nothing booked.</summary>
    private static IResult PlanContact(ContactPlanRequest? request, BookingService bookings, JsonStringLocalizer text)
    {
        if (request is null)
        {
            return Problem("body", "Send a JSON body with phone, language and needs.");
        }
        var errors = new List<FieldError>();
        errors.AddRange(BookingFields.CheckLanguage(request.Language, out var language));
        errors.AddRange(BookingFields.CheckPhone(request.Phone, out var phone));
        errors.AddRange(BookingFields.CheckEmail(request.Email));
        errors.AddRange(BookingFields.CheckNeeds((request.Needs ?? new NeedsDto()).ToInput(), out var needs));
        var messages = errors.Any(e => e.Field == "language") ? Language.En : language;
        if (errors.Count > 0)
        {
            return Failure(new BookingOutcome.Invalid(errors), text, messages, SlotCalendar.Brussels);
        }
        var plan = bookings.Plan(language, phone!.Kind, !string.IsNullOrWhiteSpace(request.Email), needs, (request.OptedOut ?? []).ToHashSet());
        return TypedResults.Ok(ContactPlanDto.From(plan, text, language));
    }

    private static string? TokenOf(HttpRequest request) =>
        request.Headers.TryGetValue(TokenHeader, out var header) && !string.IsNullOrEmpty(header) ? header.ToString() : request.Query["token"].ToString();

    private static IResult Failure(BookingOutcome outcome, JsonStringLocalizer text, Language language, DateTimeZone zone) => outcome switch
    {
        BookingOutcome.Invalid invalid => TypedResults.ValidationProblem(
            invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => text.In(language, e.MessageKey)).ToArray()),
            title: text.In(language, "Common.ErrorSummaryTitle")),
        BookingOutcome.SlotFull full => TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = text.In(language, "Error.Slot.Taken"),
            Type = "https://allo.example/problems/slot-full",
            Extensions = { ["alternatives"] = full.Alternatives.Select(a => ToDto(a, zone)).ToArray() },
        }),
        BookingOutcome.Unreachable unreachable => TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = string.Join(" ", unreachable.Reasons.Select(r => text.In(language, $"Rule.{r.RuleId}"))),
            Type = "https://allo.example/problems/unreachable",
            Extensions = { ["reasons"] = unreachable.Reasons.Select(r => new ReasonDto(r.RuleId, text.In(language, $"Rule.{r.RuleId}"))).ToArray() },
        }),
        BookingOutcome.PhoneAlreadyBooked => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: text.In(language, "Error.Phone.AlreadyBooked"),
            type: "https://allo.example/problems/phone-already-booked"),
        BookingOutcome.Refused refused => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: text.In(language, refused.MessageKey),
            type: "https://allo.example/problems/booking-not-changeable"),
        _ => NotFound(),
    };

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No booking with that reference and token.");

    private static ProblemHttpResult Problem(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = message,
        });

    private static SlotDto ToDto(SlotAvailability slot, DateTimeZone zone) =>
        new(SlotTimes.Format(slot.Slot.Start, zone), SlotTimes.Format(slot.End, zone), slot.SeatsLeft);

    private static BookingDto ToDto(Booking booking, string? token, DateTimeZone zone, JsonStringLocalizer text) => new(
        booking.Reference,
        token,
        SlotTimes.Format(booking.SlotStart, zone),
        SlotTimes.Format(booking.SlotEnd, zone),
        booking.Status.ToString(),
        booking.Language.Code(),
        booking.Phone.E164,
        booking.PhoneKind.ToString(),
        booking.Name,
        booking.Email,
        NeedsDto.From(booking.Needs),
        booking.Sequence,
        ContactPlanDto.From(booking.Plan, text, booking.Language));
}
