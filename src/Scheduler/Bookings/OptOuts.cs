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

    /// <summary>Every opt-out of the booking's addresses (its number, email and the helper's number), for planning messages.</summary>
    public async Task<OptedOut> OfAsync(Domain.Bookings.Booking booking, CancellationToken ct = default) =>
        (await OfAsync(booking.PhoneE164, booking.Email, booking.Needs.Proxy?.Phone.E164, ct)).ForMessages;

    /// <summary>
    /// Every opt-out of a booking's addresses in one read, before the booking exists: what its plan
    /// must avoid and what its messages must, so booking reads them once, not once for each.
    /// </summary>
    public async Task<Known> OfAsync(string phoneE164, string? email, string? proxyPhoneE164, CancellationToken ct = default)
    {
        var addresses = new[] { phoneE164, email, proxyPhoneE164 }.OfType<string>().Distinct().ToArray();
        var rows = new List<(string Address, Channel Channel)>();
        await foreach (var row in OptOutsOf.For(db)(db, addresses).WithCancellation(ct))
        {
            rows.Add((row.Address, row.Channel));
        }
        return new Known(phoneE164, email, rows);
    }

    // Every booking reads this first: compiled once, it skips EF Core's look-up of the query's shape
    // in its cache, a tenth of a booking's CPU in the profile (docs/decisions/0033).
    private static readonly CompiledPerModel<Func<AlloDbContext, string[], IAsyncEnumerable<ChannelOptOut>>> OptOutsOf = new(() =>
        EF.CompileAsyncQuery((AlloDbContext db, string[] addresses) => db.ChannelOptOuts.AsNoTracking().Where(o => addresses.Contains(o.Address))));

    /// <summary>What a booking's addresses had opted out of when read.</summary>
    public sealed record Known(string PhoneE164, string? Email, IReadOnlyList<(string Address, Channel Channel)> Rows)
    {
        /// <summary>The citizen's own refusals, as <see cref="ForAsync"/> reads them: their number's texts and calls, their address's email.</summary>
        public IReadOnlySet<Channel> ForCitizen => Rows
            .Where(r => (r.Address == PhoneE164 && r.Channel != Channel.Email) || (Email != null && r.Address == Email && r.Channel == Channel.Email))
            .Select(r => r.Channel)
            .ToHashSet();

        public OptedOut ForMessages => new(Rows);
    }

    /// <summary>Adds what the citizen refused now to what their number had already refused; nothing is lifted.</summary>
    /// <param name="known">What the number and address had refused already (<see cref="Known.ForCitizen"/>), read in this unit of work.</param>
    public async Task RecordAsync(string phoneE164, string? email, IReadOnlySet<Channel> refused, IReadOnlySet<Channel> known, Instant now, CancellationToken ct = default)
    {
        foreach (var channel in refused.Where(c => !known.Contains(c) && (c != Channel.Email || email is not null)))
        {
            var address = channel == Channel.Email ? email! : phoneE164;
            db.ChannelOptOuts.Add(new ChannelOptOut { Address = address, Channel = channel, At = now });
            await WithdrawAsync(address, channel, now, ct);
        }
    }

    /// <summary>
    /// The number said STOP by text (or the like): recorded, and every message still waiting to go to it
    /// by text is withdrawn — also for a call that has started, whose plan can no longer change.
    /// </summary>
    public async Task StopAsync(string address, Channel channel, Instant now, CancellationToken ct = default)
    {
        if (!await db.ChannelOptOuts.AnyAsync(o => o.Address == address && o.Channel == channel, ct))
        {
            db.ChannelOptOuts.Add(new ChannelOptOut { Address = address, Channel = channel, At = now });
        }
        await WithdrawAsync(address, channel, now, ct);
    }

    // What still waits to go to an address on a channel it has just refused is never sent: no message
    // is planned on a refused channel, whichever booking (an old one's "cancelled" notice, say) made it.
    private async Task WithdrawAsync(string address, Channel channel, Instant now, CancellationToken ct)
    {
        foreach (var waiting in await db.OutboundMessages
            .Where(m => m.To == address && m.Channel == channel && m.Status == DeliveryStatus.Queued).ToListAsync(ct))
        {
            waiting.Status = DeliveryStatus.Undeliverable;
            waiting.StatusAt = now;
            waiting.LastError = "The citizen opted out of this channel.";
        }
    }

    /// <summary>The number said START: texts may go to it again.</summary>
    public async Task StartAsync(string address, Channel channel, CancellationToken ct = default) =>
        db.ChannelOptOuts.RemoveRange(await db.ChannelOptOuts.Where(o => o.Address == address && o.Channel == channel).ToListAsync(ct));

    /// <summary>
    /// A new choice for the number's texts and recorded calls (the manage page): it replaces what was
    /// recorded, so unticking lifts a STOP. Returns every channel opted out of afterwards.
    /// </summary>
    public async Task<IReadOnlySet<Channel>> ReplaceAsync(string phoneE164, string? email, IReadOnlySet<Channel> refused, Instant now, CancellationToken ct = default)
    {
        var rows = await db.ChannelOptOuts.Where(o => o.Address == phoneE164 && o.Channel != Channel.Email).ToListAsync(ct);
        db.ChannelOptOuts.RemoveRange(rows.Where(r => !refused.Contains(r.Channel)));
        foreach (var channel in refused.Where(c => PhoneChannels.Contains(c) && rows.All(r => r.Channel != c)))
        {
            db.ChannelOptOuts.Add(new ChannelOptOut { Address = phoneE164, Channel = channel, At = now });
            await WithdrawAsync(phoneE164, channel, now, ct);
        }
        var emailRefused = email is null
            ? []
            : await db.ChannelOptOuts.AsNoTracking().Where(o => o.Address == email && o.Channel == Channel.Email).Select(o => o.Channel).ToListAsync(ct);
        return refused.Where(PhoneChannels.Contains).Concat(emailRefused).ToHashSet();
    }
}
