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
/// pages because both go through <see cref="BookingService"/>; errors are problem+json with a type
/// from <see cref="ProblemTypes"/>. Each endpoint's metadata says everything it can answer, so the
/// OpenAPI document (<see cref="ApiDocument"/>) is complete.
/// </summary>
public static partial class BookingApi
{
    private const string TokenHeader = "X-Manage-Token";

    /// <summary>Most days one slots request returns; a longer range is asked for page by page with <c>from</c>.</summary>
    public const int MaxDays = 62;

    public static RouteGroupBuilder MapBookingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Bookings")
            .Problems(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited)
            .Problems(StatusCodes.Status500InternalServerError, ProblemTypes.ServerError);
        api.WithMetadata(new NoStoreAttribute()); // a manage token or a citizen's details, or seats that change by the second
        api.MapGet("/slots", GetSlots).WithName("GetSlots")
            .WithSummary("Free times to book")
            .WithDescription($"Times with a seat free, from `from` for `days` days (at most {MaxDays}; ask again from the next day for more).")
            .Problems(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField)
            .Example(StatusCodes.Status200OK, ApiExamples.Slots);
        api.MapPost("/bookings", Book).WithName("Book").Idempotent()
            .WithSummary("Book a callback")
            .WithDescription("Books the time for the citizen, under the contact rules. The answer carries the manage token, once.")
            .BodyExample(ApiExamples.Booking)
            .Example(StatusCodes.Status201Created, ApiExamples.Booked)
            .Headers(StatusCodes.Status201Created, "Location", "ETag")
            .Problems(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField)
            .Problems(StatusCodes.Status409Conflict, ProblemTypes.SlotFull, ProblemTypes.PhoneAlreadyBooked)
            .Problems(StatusCodes.Status413PayloadTooLarge, ProblemTypes.TooLarge)
            .Problems(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType)
            .Problems(StatusCodes.Status422UnprocessableEntity, ProblemTypes.Unreachable);
        api.MapGet("/bookings/{reference}", Get).WithName("GetBooking")
            .WithSummary("Read a booking")
            .RequiresManageToken()
            .Example(StatusCodes.Status200OK, ApiExamples.Read)
            .Headers(StatusCodes.Status200OK, "ETag");
        api.MapPost("/bookings/{reference}/reschedule", Reschedule).WithName("Reschedule").Idempotent()
            .WithSummary("Move a booking to another time")
            .RequiresManageToken()
            .BodyExample(ApiExamples.Move)
            .Example(StatusCodes.Status200OK, ApiExamples.Moved)
            .Headers(StatusCodes.Status200OK, "ETag")
            .Problems(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField)
            .Problems(StatusCodes.Status409Conflict, ProblemTypes.SlotFull, ProblemTypes.Conflict)
            .Problems(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed)
            .Problems(StatusCodes.Status413PayloadTooLarge, ProblemTypes.TooLarge)
            .Problems(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        api.MapDelete("/bookings/{reference}", Cancel).WithName("Cancel")
            .WithSummary("Cancel a booking")
            .RequiresManageToken()
            .Example(StatusCodes.Status200OK, ApiExamples.Cancelled)
            .Headers(StatusCodes.Status200OK, "ETag")
            .Problems(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField)
            .Problems(StatusCodes.Status409Conflict, ProblemTypes.Conflict)
            .Problems(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed);
        api.MapGet("/bookings/{reference}/calendar.ics", Calendar).WithName("Calendar")
            .WithSummary("The booking as a calendar file")
            .RequiresManageToken()
            .Produces<string>(StatusCodes.Status200OK, "text/calendar");
        api.MapPost("/contact-plans", PlanContact).WithName("ContactPlan")
            .WithSummary("The contact plan for a profile, booking nothing")
            .WithDescription("How the service would reach this citizen, every decision with its reasons. A refused plan (`reachable` false) carries only `refusal`.")
            .BodyExample(ApiExamples.PlanRequest)
            .Example(StatusCodes.Status200OK, ApiExamples.Plan)
            .Problems(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField)
            .Problems(StatusCodes.Status413PayloadTooLarge, ProblemTypes.TooLarge)
            .Problems(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        return api;
    }

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
                return ApiProblems.Invalid("callback", $"Use the contact plan's callback: {string.Join(", ", Enum.GetNames<CallbackMode>())}.");
            }
            mode = Enum.Parse<CallbackMode>(name);
        }
        Language? callLanguage = null;
        if (language is not null)
        {
            if (language.Length > 10 || !Languages.TryParse(language, out var parsedLanguage))
            {
                return ApiProblems.Invalid("language", "Use nl, fr, de or en.");
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
                return ApiProblems.Invalid("from", "Use a date as YYYY-MM-DD.");
            }
            if (!bookable.Contains(parsed.Value))
            {
                return ApiProblems.Invalid("from", $"Ask for a day from {LocalDatePattern.Iso.Format(bookable.Start)} to {LocalDatePattern.Iso.Format(bookable.End)}: today to the end of the booking horizon.");
            }
            start = parsed.Value;
        }
        if (!TryReadCount(days, 7, 1, MaxDays, out var count))
        {
            return ApiProblems.Invalid("days", $"Ask for 1 to {MaxDays} days.");
        }
        // A call the contact plan makes longer (an interpreter, more time) needs consecutive free slots.
        if (!TryReadCount(length, 1, 1, 4, out var slotCount))
        {
            return ApiProblems.Invalid("length", "Ask for a call of 1 to 4 slots (the contact plan's slots).");
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

    private static async Task<Results<Created<BookingDto>, ProblemHttpResult>> Book(
        BookingRequest? request, BookingService bookings, JsonStringLocalizer text, HttpContext http, CancellationToken ct)
    {
        if (request is null)
        {
            return ApiProblems.Invalid("body", "Send a JSON body with slotStart, phone and language.");
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
        if (outcome is BookingOutcome.Done done)
        {
            SetETag(http, done.Booking);
            return TypedResults.Created($"/api/v1/bookings/{done.Booking.Reference}", ToDto(done.Booking, done.ManageToken, bookings.Calendar.Zone, text));
        }
        return ApiProblems.Failure(outcome, text, messages, bookings.Calendar.Zone);
    }

    private static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> Get(
        string reference, BookingService bookings, JsonStringLocalizer text, HttpContext http, CancellationToken ct)
    {
        var booking = await bookings.FindAsync(reference, TokenOf(http.Request), ct);
        if (booking is null)
        {
            return ApiProblems.NotFound();
        }
        SetETag(http, booking);
        return TypedResults.Ok(ToDto(booking, null, bookings.Calendar.Zone, text));
    }

    /// <param name="ifMatch">The ETag of the version read (for example "2"): the move happens only if the booking is still that version, else 412.</param>
    private static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> Reschedule(
        string reference, RescheduleRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch,
        BookingService bookings, JsonStringLocalizer text, HttpContext http, CancellationToken ct)
    {
        var token = TokenOf(http.Request);
        if (!TryReadIfMatch(ifMatch, out var expected))
        {
            return ApiProblems.Invalid("If-Match", "Send the ETag of the booking as you read it, for example \"2\", or leave If-Match out.");
        }
        var outcome = await bookings.MoveAsync(reference, token, body?.SlotStart, ct, expected);
        if (outcome is BookingOutcome.Done done)
        {
            SetETag(http, done.Booking);
            return TypedResults.Ok(ToDto(done.Booking, null, bookings.Calendar.Zone, text));
        }
        var booking = await bookings.FindAsync(reference, token, ct);
        return ApiProblems.Failure(outcome, text, booking?.Language ?? Language.En, bookings.Calendar.Zone);
    }

    /// <param name="ifMatch">The ETag of the version read: the booking is cancelled only if it is still that version, else 412.</param>
    private static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> Cancel(
        string reference, [FromHeader(Name = "If-Match")] string? ifMatch, BookingService bookings, JsonStringLocalizer text, HttpContext http, CancellationToken ct)
    {
        if (!TryReadIfMatch(ifMatch, out var expected))
        {
            return ApiProblems.Invalid("If-Match", "Send the ETag of the booking as you read it, for example \"2\", or leave If-Match out.");
        }
        var outcome = await bookings.CancelAsync(reference, TokenOf(http.Request), ct, expected);
        if (outcome is BookingOutcome.Done done)
        {
            SetETag(http, done.Booking);
            return TypedResults.Ok(ToDto(done.Booking, null, bookings.Calendar.Zone, text));
        }
        return ApiProblems.Failure(outcome, text, Language.En, bookings.Calendar.Zone);
    }

    private static async Task<IResult> Calendar(
        string reference, BookingService bookings, SlotCalendar calendar, JsonStringLocalizer text, Scheduler.Messaging.MessagingSettings settings, HttpRequest request, CancellationToken ct)
    {
        var booking = await bookings.FindAsync(reference, TokenOf(request), ct);
        return booking is null ? ApiProblems.NotFound() : (IResult)CalendarDownload.For(booking, calendar, text, settings, null);
    }

    /// <summary>The contact rules as a service: the plan for a profile, with its reasons, and nothing booked.</summary>
    private static Results<Ok<ContactPlanDto>, ProblemHttpResult> PlanContact(ContactPlanRequest? request, BookingService bookings, JsonStringLocalizer text)
    {
        if (request is null)
        {
            return ApiProblems.Invalid("body", "Send a JSON body with phone, language and needs.");
        }
        var errors = new List<FieldError>();
        errors.AddRange(BookingFields.CheckLanguage(request.Language, out var language));
        errors.AddRange(BookingFields.CheckPhone(request.Phone, out var phone));
        errors.AddRange(BookingFields.CheckEmail(request.Email));
        errors.AddRange(BookingFields.CheckNeeds((request.Needs ?? new NeedsDto()).ToInput(), out var needs));
        var messages = errors.Any(e => e.Field == "language") ? Language.En : language;
        if (errors.Count > 0)
        {
            return ApiProblems.Failure(new BookingOutcome.Invalid(errors), text, messages, SlotCalendar.Brussels);
        }
        var plan = bookings.Plan(language, phone!.Kind, !string.IsNullOrWhiteSpace(request.Email), needs, (request.OptedOut ?? []).ToHashSet());
        return TypedResults.Ok(ContactPlanDto.From(plan, text, language));
    }

    private static string? TokenOf(HttpRequest request) =>
        request.Headers.TryGetValue(TokenHeader, out var header) && !string.IsNullOrEmpty(header) ? header.ToString() : request.Query["token"].ToString();

    /// <summary>The booking's version as a strong ETag: its sequence, which every change raises.</summary>
    private static void SetETag(HttpContext http, Booking booking) =>
        http.Response.Headers.ETag = $"\"{booking.Sequence.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>If-Match as a sequence: absent or <c>*</c> is no condition (null); anything but one quoted version is refused.</summary>
    private static bool TryReadIfMatch(string? header, out int? sequence)
    {
        sequence = null;
        if (string.IsNullOrEmpty(header) || header == "*")
        {
            return true;
        }
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        if (value.Length is < 3 or > 12 || value[0] != '"' || value[^1] != '"'
            || !int.TryParse(value[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }
        sequence = parsed;
        return true;
    }

    internal static SlotDto ToDto(SlotAvailability slot, DateTimeZone zone) =>
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
