using Allo.Domain;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Pages.Dev;

/// <summary>
/// Where messages go when no provider is configured: /dev/outbox for people, /dev/outbox.json for
/// scripts. Only mapped with the dev outbox on, which production never has by default.
/// </summary>
public static class DevOutbox
{
    public sealed record Entry(Guid Id, string Kind, string Channel, string Recipient, string To, string Status, string? Body,
        string DueAt, string? SentAt, int Attempts, string? LastError, string? Reference, string Language);

    public static void MapDevOutbox(this IEndpointRouteBuilder app)
    {
        if (!IsOpen(app.ServiceProvider))
        {
            return;
        }
        app.MapGet("/dev/outbox.json", async (AlloDbContext db, CancellationToken ct) => Results.Ok(await LatestAsync(db, ct)))
            .ExcludeFromDescription();
    }

    /// <summary>
    /// The page shows citizens' messages without sign-in, so it is never served in Production, even
    /// when a trial there keeps messages in the dev outbox.
    /// </summary>
    public static bool IsOpen(IServiceProvider services) =>
        services.GetRequiredService<MessagingSettings>().DevOutbox && !services.GetRequiredService<IHostEnvironment>().IsProduction();

    public static async Task<IReadOnlyList<Entry>> LatestAsync(AlloDbContext db, CancellationToken ct, int take = 200)
    {
        var rows = await db.OutboundMessages.AsNoTracking()
            .OrderByDescending(m => m.CreatedAt)
            .Take(take)
            .Join(db.Bookings, m => m.BookingId, b => b.Id, (m, b) => new { Message = m, b.Reference, b.Language })
            .ToListAsync(ct);
        return rows
            .OrderByDescending(r => r.Message.CreatedAt).ThenBy(r => r.Message.DueAt)
            .Select(r => new Entry(r.Message.Id, r.Message.Kind.ToString(), r.Message.Channel.ToString(), r.Message.Recipient.ToString(),
                r.Message.To, r.Message.Status.ToString(), r.Message.Body, r.Message.DueAt.ToString(), r.Message.SentAt?.ToString(),
                r.Message.Attempts, r.Message.LastError, r.Reference, Languages.Code(r.Language)))
            .ToList();
    }
}
