using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Feedback;
using Allo.Domain.Slots;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Privacy;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Managers;

/// <summary>What a manager filters feedback by; every part is optional.</summary>
public sealed record FeedbackFilter
{
    public LocalDate? From { get; init; }
    public LocalDate? To { get; init; }
    public string? AgentId { get; init; }
    public FeedbackSource? Source { get; init; }
    public Language? Language { get; init; }
    /// <summary>One of <see cref="NeedNames.All"/>, or "None".</summary>
    public string? Need { get; init; }
    public string? Search { get; init; }
    /// <summary>True: handled only; false: still to handle; null: both.</summary>
    public bool? Handled { get; init; }
}

/// <summary>One feedback as a manager sees it: the citizen's words and rating, the call's context, never their number or name.</summary>
public sealed record FeedbackRow(CallFeedback Feedback, string Reference, Instant SlotStart, Needs Needs, FrontEnd FrontEnd);

/// <summary>
/// The thank-you feedback, newest first, with the filters, the export and "handled". The citizens' words
/// are personal data: the list and the export are the only ways to them, and each records in the access
/// log who saw which bookings (<see cref="AccessReason.Review"/>, <see cref="AccessReason.Export"/>)
/// before handing them out.
/// </summary>
public sealed class FeedbackReview(AlloDbContext db, SlotCalendar calendar, AccessLog accessLog)
{
    public const int PageSize = 50;

    /// <summary>The last page that can be asked for without the offset overflowing.</summary>
    public const int MaxPage = int.MaxValue / PageSize;

    /// <param name="managerId">Who will see the rows; recorded in the access log first.</param>
    public async Task<(IReadOnlyList<FeedbackRow> Rows, int Total)> ListAsync(FeedbackFilter filter, int page, string managerId, CancellationToken ct = default)
    {
        var query = Query(filter);
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(x => x.Feedback.ReceivedAt)
            .Skip((Math.Clamp(page, 1, MaxPage) - 1) * PageSize)
            .Take(PageSize)
            .ToListAsync(ct);
        await accessLog.RecordAsync(managerId, AccessReason.Review, rows.Select(r => (r.Booking.Id, r.Booking.Reference)), ct);
        return (rows.Select(r => new FeedbackRow(r.Feedback, r.Booking.Reference, r.Booking.SlotStart, r.Booking.Needs, r.Booking.FrontEnd)).ToList(), total);
    }

    public async Task<bool> MarkHandledAsync(Guid id, string managerId, Instant now, CancellationToken ct = default)
    {
        var feedback = await db.Feedback.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (feedback is null)
        {
            return false;
        }
        feedback.MarkHandled(managerId, now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static readonly string[] CsvHeader =
        ["received", "reference", "call", "rating", "words", "source", "language", "agent", "needs", "front_end", "handled"];

    /// <summary>
    /// Everything the filter selects as CSV (CsvHelper), agents by name, times in Brussels time. Citizens'
    /// words that start like a spreadsheet formula are escaped, so opening the file runs nothing. The
    /// rows are read in full and recorded in the access log before the first is written, so the log holds
    /// exactly the bookings the file carries, and a failure to record sends no file.
    /// </summary>
    public async Task WriteCsvAsync(FeedbackFilter filter, IReadOnlyDictionary<string, string> agentNames, TextWriter writer, string managerId, CancellationToken ct = default)
    {
        var rows = await Query(filter).OrderByDescending(x => x.Feedback.ReceivedAt).ToListAsync(ct);
        await accessLog.RecordAsync(managerId, AccessReason.Export, rows.Select(r => (r.Booking.Id, r.Booking.Reference)), ct);
        await using var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(CsvHeader);
        string Local(Instant i) => i.InZone(calendar.Zone).LocalDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        foreach (var r in rows)
        {
            var f = r.Feedback;
            csv.WriteRecord(
            [
                Local(f.ReceivedAt), r.Booking.Reference, Local(r.Booking.SlotStart), f.Rating?.ToString(CultureInfo.InvariantCulture), f.Words,
                f.Source.ToString(), f.Language.Code(), f.AgentId is null ? null : agentNames.GetValueOrDefault(f.AgentId, f.AgentId),
                string.Join(' ', NeedNames.Of(r.Booking.Needs)), r.Booking.FrontEnd.ToString(),
                f.HandledAt is { } handled ? Local(handled) : null,
            ]);
        }
        await csv.FlushAsync(ct);
    }

    private IQueryable<Joined> Query(FeedbackFilter filter)
    {
        var bookings = db.Bookings.AsNoTracking();
        if (filter.Need is { } need)
        {
            bookings = bookings.Where(NeedNames.Filter(need));
        }
        var query = db.Feedback.AsNoTracking().Join(bookings, f => f.BookingId, b => b.Id, (f, b) => new Joined { Feedback = f, Booking = b });
        if (filter.From is { } from)
        {
            var start = from.AtStartOfDayInZone(calendar.Zone).ToInstant();
            query = query.Where(x => x.Feedback.ReceivedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.PlusDays(1).AtStartOfDayInZone(calendar.Zone).ToInstant();
            query = query.Where(x => x.Feedback.ReceivedAt < end);
        }
        if (filter.AgentId is { } agent)
        {
            query = query.Where(x => x.Feedback.AgentId == agent);
        }
        if (filter.Source is { } source)
        {
            query = query.Where(x => x.Feedback.Source == source);
        }
        if (filter.Language is { } language)
        {
            query = query.Where(x => x.Feedback.Language == language);
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var words = filter.Search.Trim().ToLowerInvariant();
            query = query.Where(x => x.Feedback.Words != null && x.Feedback.Words.ToLower().Contains(words));
        }
        if (filter.Handled is { } handled)
        {
            query = handled ? query.Where(x => x.Feedback.HandledAt != null) : query.Where(x => x.Feedback.HandledAt == null);
        }
        return query;
    }

    private sealed class Joined
    {
        public CallFeedback Feedback { get; init; } = null!;
        public Booking Booking { get; init; } = null!;
    }
}
