using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Privacy;

/// <summary>One line of the managers' search: the entry, the staff member's current name, and whether the booking has been erased since.</summary>
public sealed record AccessLogRow(AccessLogEntry Entry, string? StaffName, bool Erased);

/// <summary>
/// The access log (GDPR accountability): every time a staff member sees a citizen's number or other
/// personal data, one entry per booking. The one place that records, searched by the managers
/// (<see cref="Messaging.RetentionJob"/> deletes what is older than its retention period). Recording is committed before the page that shows the data is
/// rendered, so a failure to record shows nothing rather than something unrecorded.
/// </summary>
public sealed class AccessLog(AlloDbContext db, IClock clock)
{
    public const int PageSize = 50;

    /// <summary>The last page that can be asked for without the offset overflowing.</summary>
    public const int MaxPage = int.MaxValue / PageSize;

    /// <summary>One entry for each booking (a list of N bookings: N entries, in one batch).</summary>
    public async Task RecordAsync(string staffId, AccessReason reason, IEnumerable<(Guid Id, string Reference)> bookings, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var entries = bookings.DistinctBy(b => b.Id)
            .Select(b => new AccessLogEntry { At = now, StaffId = staffId, BookingId = b.Id, Reference = b.Reference, Reason = reason })
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }
        db.AccessLog.AddRange(entries);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            // The caller's unit of work goes on as before: the entries are written, or (on failure) dropped.
            foreach (var entry in entries)
            {
                db.Entry(entry).State = EntityState.Detached;
            }
        }
    }

    public Task RecordAsync(string staffId, AccessReason reason, Guid bookingId, string reference, CancellationToken ct = default) =>
        RecordAsync(staffId, reason, [(bookingId, reference)], ct);

    /// <summary>Newest first, by booking reference and/or staff member (either may be null: everything).</summary>
    public async Task<(IReadOnlyList<AccessLogRow> Rows, int Total)> SearchAsync(string? reference, string? staffId, int page, CancellationToken ct = default)
    {
        var query = db.AccessLog.AsNoTracking();
        if (reference is not null)
        {
            query = query.Where(e => e.Reference == reference);
        }
        if (staffId is not null)
        {
            query = query.Where(e => e.StaffId == staffId);
        }
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(e => e.At).ThenBy(e => e.Id)
            .Skip((Math.Clamp(page, 1, MaxPage) - 1) * PageSize)
            .Take(PageSize)
            .Select(e => new
            {
                Entry = e,
                Name = db.Users.Where(u => u.Id == e.StaffId).Select(u => u.DisplayName).FirstOrDefault(),
                Erased = db.Bookings.Any(b => b.Id == e.BookingId && b.ErasedAt != null),
            })
            .ToListAsync(ct);
        return ([.. rows.Select(r => new AccessLogRow(r.Entry, r.Name, r.Erased))], total);
    }
}
