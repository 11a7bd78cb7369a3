using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Bookings;

/// <summary>
/// What a citizen's number and email address opted out of (STOP by text, a provider's refusal, a
/// choice on the booking form or the API): read whenever a plan is made, so the plan never names a
/// channel the citizen refused. Changes are staged on the caller's unit of work.
/// </summary>
public sealed class OptOuts(AlloDbContext db)
{
    /// <summary>The channels a citizen can refuse on the form and the API: texts, and recorded calls to their number.</summary>
    public static readonly IReadOnlySet<Channel> PhoneChannels = new HashSet<Channel> { Channel.Sms, Channel.Voice };

    public async Task<IReadOnlySet<Channel>> ForAsync(string phoneE164, string? email, CancellationToken ct = default)
    {
        var rows = await db.ChannelOptOuts.AsNoTracking()
            .Where(o => (o.Address == phoneE164 && o.Channel != Channel.Email) || (email != null && o.Address == email && o.Channel == Channel.Email))
            .Select(o => o.Channel)
            .ToListAsync(ct);
        return rows.ToHashSet();
    }

    /// <summary>Adds what the citizen refused now to what their number had already refused; nothing is lifted.</summary>
    public async Task RecordAsync(string phoneE164, string? email, IReadOnlySet<Channel> refused, Instant now, CancellationToken ct = default)
    {
        if (refused.Count == 0)
        {
            return;
        }
        var known = await ForAsync(phoneE164, email, ct);
        db.ChannelOptOuts.AddRange(refused.Where(c => !known.Contains(c)).Select(c => new ChannelOptOut
        {
            Address = c == Channel.Email ? email! : phoneE164,
            Channel = c,
            At = now,
        }));
    }

    /// <summary>
    /// A new choice for the number's texts and recorded calls (the manage page): it replaces what was
    /// recorded, so unticking lifts a STOP. Returns every channel opted out of afterwards.
    /// </summary>
    public async Task<IReadOnlySet<Channel>> ReplaceAsync(string phoneE164, string? email, IReadOnlySet<Channel> refused, Instant now, CancellationToken ct = default)
    {
        var rows = await db.ChannelOptOuts.Where(o => o.Address == phoneE164 && o.Channel != Channel.Email).ToListAsync(ct);
        db.ChannelOptOuts.RemoveRange(rows.Where(r => !refused.Contains(r.Channel)));
        db.ChannelOptOuts.AddRange(refused.Where(c => PhoneChannels.Contains(c) && rows.All(r => r.Channel != c))
            .Select(c => new ChannelOptOut { Address = phoneE164, Channel = c, At = now }));
        var emailRefused = email is null
            ? []
            : await db.ChannelOptOuts.AsNoTracking().Where(o => o.Address == email && o.Channel == Channel.Email).Select(o => o.Channel).ToListAsync(ct);
        return refused.Where(PhoneChannels.Contains).Concat(emailRefused).ToHashSet();
    }
}
