using Npgsql;

namespace Allo.TestSupport;

/// <summary>
/// A year written by set-based SQL on the migrated schema. Booking i is made at an even share of 2026
/// (every hour of every day, the nights of the clock changes too), its call 1 to 14 days later; one in
/// ten is cancelled, the rest end in every outcome (a call still waiting at the end of its day is not
/// called, as the end-of-day job closes it; one in a hundred is left open). A booking whose call ended
/// more than the retention period before <c>now</c> is erased, as the retention job would have. Each has ten messages over the 27 hours after it
/// was made, in every channel and final status (and one still queued). Ids count up, so the indexes
/// are appended to rather than split at random.
/// The dashboard benchmark writes a million; the query-plan tests write a few thousand, so the
/// planner sees tables shaped like a national year's (many closed and erased bookings, a few open).
/// </summary>
public static class NationalYear
{
    // The retention job erases a booking's personal data 30 days after its call (Messaging:RetentionDays), at night.
    private const string Retention = "interval '30 days 3 hours'";

    private const string MadeAt = "(timestamptz '2025-12-31 23:00:00+00' + (i::bigint * 31536000 / @n) * interval '1 second')";

    /// <param name="seats">Whether every slot of the year gets seats too (the dashboard counts them); a
    /// test that books with its own capacity leaves them out.</param>
    /// <param name="plan">Every booking's stored contact plan: the dashboard never reads it, the
    /// services that load a booking do, so their tests give a real one.</param>
    public static async Task SeedAsync(string connection, int n, NodaTime.Instant now, bool seats = true, string plan = "{}")
    {
        await using var data = new NpgsqlConnection(connection);
        await data.OpenAsync();
        async Task RunAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, data) { CommandTimeout = 0 };
            if (sql.Contains("@n", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("n", n);
            }
            if (sql.Contains("@plan", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("plan", plan);
            }
            if (sql.Contains("@now", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("now", now.ToDateTimeUtc());
            }
            await command.ExecuteNonQueryAsync();
        }

        await RunAsync($$"""
            INSERT INTO "Bookings" ("Id", "Reference", "ManageTokenHash", "PhoneE164", "PhoneKind", "Language", "Status", "FrontEnd",
                "Sequence", "CallAttempts", "CallCode", "CreatedAt", "UpdatedAt", "SlotStart", "SlotEnd", "CancelledAt", "ContactPlan",
                "Needs_Hearing", "Needs_Sight", "Needs_Reading", "Needs_MoreTime", "Needs_Speech", "Needs_OtherLanguage",
                "Needs_PrefersCall", "Needs_PrefersText", "Needs_Proxy_Name", "Needs_Proxy_TakesCall", "Needs_Proxy_Phone_E164", "Needs_Proxy_Phone_Kind", "ErasedAt")
            SELECT lpad(to_hex(i), 32, '0')::uuid, upper(lpad(to_hex(i), 6, '0')), 'hash', '+32' || (470000000 + i), 'Mobile',
                (ARRAY['Nl', 'Fr', 'De', 'En'])[1 + (i / 3) % 4], s.status, (ARRAY['Web', 'Sms', 'Api', 'Phone'])[1 + i % 4],
                1, 1 + (i % 3 = 0)::int, 'code', m.at, m.at, m.slot, m.slot + interval '15 minutes',
                CASE WHEN s.status = 'Cancelled' THEN m.at + interval '1 hour' END, @plan,
                i % 7 = 0, i % 11 = 0, i % 13 = 0, i % 5 = 0, i % 17 = 0, CASE WHEN i % 19 = 0 THEN 'Arabic' END,
                i % 23 = 0, i % 29 = 0, CASE WHEN i % 31 = 0 AND e.at IS NULL THEN 'Helper' END, CASE WHEN i % 31 = 0 AND e.at IS NULL THEN false END,
                CASE WHEN i % 31 = 0 AND e.at IS NULL THEN '+32470999999' END, CASE WHEN i % 31 = 0 AND e.at IS NULL THEN 'Mobile' END, e.at
            FROM generate_series(1, @n) i
            CROSS JOIN LATERAL (SELECT {{MadeAt}} AS at, date_trunc('hour', {{MadeAt}}) + (1 + i % 14) * interval '1 day' AS slot) m
            CROSS JOIN LATERAL (SELECT CASE WHEN i % 100 = 99 THEN 'Booked' WHEN i % 10 = 9 THEN 'NotCalled' ELSE (ARRAY['Cancelled', 'Helped', 'Helped',
                'Helped', 'Helped', 'Helped', 'Unreached', 'WrongNumber', 'NeedsFollowUp'])[1 + i % 10] END AS status) s
            CROSS JOIN LATERAL (SELECT CASE WHEN m.slot + interval '15 minutes' + {{Retention}} < @now THEN m.slot + interval '15 minutes' + {{Retention}} END AS at) e
            """);
        await RunAsync($$"""
            INSERT INTO "OutboundMessages" ("Id", "BookingId", "BookingSequence", "Kind", "Channel", "Recipient", "To", "Language", "Style",
                "DueAt", "NextAttemptAt", "Attempts", "Status", "CreatedAt", "SentAt", "StatusAt")
            SELECT lpad(to_hex(i * 16 + k), 32, '0')::uuid, lpad(to_hex(i), 32, '0')::uuid, 1,
                (ARRAY['Confirmation', 'ReminderDayBefore', 'ReminderHourBefore', 'HeadsUp', 'ThankYou', 'Moved', 'Cancelled', 'BookAgain'])[1 + k % 8],
                (ARRAY['Sms', 'Sms', 'Sms', 'Voice', 'Email', 'Sms', 'Sms', 'Voice', 'Sms', 'Email'])[1 + k],
                CASE WHEN k < 8 THEN 'Citizen' ELSE 'Proxy' END, '+32' || (470000000 + i), (ARRAY['Nl', 'Fr', 'De', 'En'])[1 + (i / 3) % 4], 'Standard',
                {{MadeAt}}, {{MadeAt}}, 1, st.status, {{MadeAt}},
                CASE WHEN st.status <> 'Queued' THEN {{MadeAt}} + k * interval '3 hours' END,
                CASE WHEN st.status <> 'Queued' THEN {{MadeAt}} + k * interval '3 hours' END
            FROM generate_series(1, @n) i
            CROSS JOIN generate_series(0, 9) k
            CROSS JOIN LATERAL (SELECT (ARRAY['Delivered', 'Delivered', 'Sent', 'Delivered', 'Failed', 'Delivered', 'Undeliverable', 'Sent',
                'Delivered', 'Queued'])[1 + (i + k) % 10] AS status) st
            """);
        await RunAsync("""
            INSERT INTO "Feedback" ("Id", "BookingId", "Source", "Language", "Rating", "Words", "ReceivedAt", "UpdatedAt")
            SELECT "Id", "Id", 'Sms', "Language",
                CASE WHEN extract(minute FROM "CreatedAt") < 6 THEN NULL ELSE 1 + extract(minute FROM "CreatedAt")::int % 5 END,
                '', "SlotStart" + interval '1 hour', "SlotStart" + interval '1 hour'
            FROM "Bookings" WHERE "Status" = 'Helped'
            """);
        // Every slot of the year's opening hours (weekdays 09:00-12:00 and 13:00-16:00), in each language.
        if (seats)
        {
            await RunAsync("""
                INSERT INTO "SlotLanguageSeats" ("SlotStart", "Language", "Seats")
                SELECT s, l, 10 + (extract(epoch FROM s)::bigint / 900) % 7
                FROM generate_series(timestamptz '2025-12-31 23:00:00+00', timestamptz '2026-12-31 22:45:00+00', interval '15 minutes') s
                CROSS JOIN unnest(ARRAY['Nl', 'Fr', 'De', 'En']) l
                WHERE extract(isodow FROM s AT TIME ZONE 'Europe/Brussels') <= 5
                  AND ((s AT TIME ZONE 'Europe/Brussels')::time >= '09:00' AND (s AT TIME ZONE 'Europe/Brussels')::time < '12:00'
                    OR (s AT TIME ZONE 'Europe/Brussels')::time >= '13:00' AND (s AT TIME ZONE 'Europe/Brussels')::time < '16:00')
                """);
        }
        // As autovacuum would after a load: statistics, and the visibility map that lets an index answer alone.
        await RunAsync("VACUUM ANALYZE");
    }
}
