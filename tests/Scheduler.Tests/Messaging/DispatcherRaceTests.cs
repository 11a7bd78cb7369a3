using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>
/// A reminder and a cancel in the same second, in each order, made deterministic: the fake Twilio
/// holds the reminder at the provider until the test lets it go, instead of a timed race.
/// </summary>
public abstract partial class DispatcherTests
{
    [Fact]
    public async Task A_cancel_made_while_a_due_reminder_is_at_the_provider_waits_for_it_so_exactly_one_text_precedes_the_cancel()
    {
        var done = await BookAsync("0470 20 00 01");
        var reminder = await MessageAsync(done.Booking.Id, MessageKind.ReminderDayBefore);
        Clock.Reset(reminder.DueAt);

        var atProvider = Twilio.HoldNext();
        var send = Task.Run(() => DispatchAsync(reminder.Id));
        await Eventually.Until(() => atProvider.Arrived.IsCompleted, "the reminder to reach the fake Twilio");

        var saving = new SavingSignal();
        var textsWhenCancelled = -1;
        var cancel = Task.Run(async () =>
        {
            await using var db = Database.NewContext(saving);
            var outcome = await NewService(db).CancelAsync(done.Booking.Reference, done.ManageToken);
            textsWhenCancelled = TextsAbout(done).Count;
            return outcome;
        });
        await Eventually.Until(() => saving.Started.IsCompleted || cancel.IsCompleted, "the cancel to reach its write");
        if (Database.Provider == DatabaseProvider.Postgres)
        {
            // Positive evidence: the cancel's write waits for a lock, the booking row the sender holds.
            await Eventually.Until(CancelWaitsForALockAsync, "the cancel to wait for the booking row's lock");
        }
        await Eventually.StaysPending(cancel, TimeSpan.FromMilliseconds(500), "The cancel, while the reminder was still at the provider,");

        atProvider.Release();
        Assert.Equal(DispatchResult.Sent, await send.WaitAsync(Eventually.Limit));
        Assert.IsType<BookingOutcome.Done>(await cancel.WaitAsync(Eventually.Limit));
        Assert.Equal(1, textsWhenCancelled);
        Assert.Single(TextsAbout(done));
    }

    [Fact]
    public async Task A_reminder_dispatched_after_a_cancel_in_the_same_second_is_stale_and_sends_nothing()
    {
        var done = await BookAsync("0470 20 00 02");
        var reminder = await MessageAsync(done.Booking.Id, MessageKind.ReminderDayBefore);
        Clock.Reset(reminder.DueAt);

        await using (var db = Database.NewContext())
        {
            Assert.IsType<BookingOutcome.Done>(await NewService(db).CancelAsync(done.Booking.Reference, done.ManageToken));
        }
        Assert.Equal(DispatchResult.Stale, await DispatchAsync(reminder.Id));
        Assert.Empty(Twilio.Requests);
    }

    private List<FakeTwilio.Recorded> TextsAbout(BookingOutcome.Done done) =>
        [.. Twilio.Messages.Where(m => m.Form["To"] == done.Booking.PhoneE164 && m.Form["Body"].Contains(done.Booking.Reference[..3]))];

    private async Task<bool> CancelWaitsForALockAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock')", connection);
        return (bool)(await query.ExecuteScalarAsync())!;
    }

    /// <summary>Completes when the context starts saving, the step that needs the booking's lock.</summary>
    private sealed class SavingSignal : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _started.TrySetResult();
            return ValueTask.FromResult(result);
        }
    }
}
