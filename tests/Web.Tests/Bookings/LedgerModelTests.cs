using Allo.Domain;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Allo.Domain.Calls;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Bookings;

/// <summary>
/// A model-based test of the booking ledger: with a fixed seed and a bounded number of steps, random
/// operations go through the real front ends — the API, the signed SMS webhook (with needs answers,
/// STOP and START), agents' outcomes and "another time", managers' capacity changes, closures and
/// moves — and after every step <see cref="LedgerInvariants"/> reads the database.
/// </summary>
public sealed class LedgerModelTests
{
    private const string PublicBase = "https://allo.example/";
    private const int Steps = 200;
    private const string NoRoom = "Uw gesprek heeft meer tijd nodig";
    private const string Taken = "Sorry, dat moment is net genomen";

    // The first slots of Wednesday and Thursday, which texts offer first too, so that bookings from
    // every front end, longer calls and capacity cuts collide.
    private static readonly Instant[] Slots =
    [
        .. Enumerable.Range(0, 8).Select(i => TestClock.Brussels(2026, 12, 2, 9) + Duration.FromMinutes(15 * i)),
        .. Enumerable.Range(0, 4).Select(i => TestClock.Brussels(2026, 12, 3, 9) + Duration.FromMinutes(15 * i)),
    ];

    private static readonly string[] Phones = [.. Enumerable.Range(0, 24).Select(i => $"+324707000{i:00}")];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 1, 20261201)]
    [InlineData(DatabaseProvider.Postgres, 1, 20261202)]
    [InlineData(DatabaseProvider.Postgres, 2, 7)]
    public async Task Random_operations_through_every_front_end_keep_every_ledger_invariant(DatabaseProvider provider, int hosts, int seed)
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(TestClock.Tuesday0800);
        var nodes = Enumerable.Range(0, hosts).Select(_ => new AlloFactory(database, clock, twilio.Settings(PublicBase))).ToList();
        try
        {
            var run = new ModelRun(nodes, new LedgerInvariants(database, TestCapacity.DefaultCalendar), new Random(seed));
            await run.StartAsync();
            for (var step = 0; step < Steps; step++)
            {
                if (step == Steps / 2)
                {
                    // Wednesday's calls begin: the queue, agents' outcomes and "another time" come into play.
                    clock.Reset(TestClock.Brussels(2026, 12, 2, 9) + Duration.FromMinutes(1));
                }
                await run.StepAsync(step);
            }
            Assert.True(run.Changes > Steps / 4, $"only {run.Changes} of {Steps} steps changed anything: the model exercises too little");
            Assert.True(run.Refusals > Steps / 10, $"only {run.Refusals} of {Steps} steps were refused: the model never tests a refusal");
            Assert.True(run.Said.GetValueOrDefault(NoRoom) > 0, "no needs answer met a full slot after the call: the model misses the audit's second case");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            await database.DisposeAsync();
        }
    }

    private sealed class ModelRun(IReadOnlyList<AlloFactory> nodes, LedgerInvariants invariants, Random random)
    {
        private readonly List<(string Reference, string Token)> _apiBookings = [];
        private readonly List<HttpClient> _clients = [.. nodes.Select(n => n.CreateClient())];
        private LedgerInvariants.State _state = null!;
        private int _sid;

        /// <summary>How often each refusal by text was met (a longer call with no room after it; a time just taken).</summary>
        public Dictionary<string, int> Said { get; } = [];

        public int Changes { get; private set; }
        public int Refusals { get; private set; }

        public async Task StartAsync() => _state = await invariants.ReadAsync();

        public async Task StepAsync(int step)
        {
            var node = random.Next(nodes.Count);
            var (name, refused) = random.Next(10) switch
            {
                0 or 1 => await ApiBookAsync(node),
                2 => await ApiMoveAsync(node),
                3 => await ApiCancelAsync(node),
                4 or 5 => await ConversationAsync(node, step),
                6 => await CapacityAsync(node),
                7 => await MoveNextFreeAsync(node),
                _ => await AgentAsync(node, step),
            };
            if (refused)
            {
                Refusals++;
            }
            else
            {
                Changes++;
            }
            _state = await invariants.CheckAsync($"step {step} ({name} on node {node})", _state, refused);
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private string Slot() => SlotTimes.Format(Pick(Slots), SlotCalendar.Brussels);

        private async Task<(string, bool)> ApiBookAsync(int node)
        {
            var needs = random.Next(4) switch { 0 => new { moreTime = true, hearing = false }, 1 => new { moreTime = false, hearing = true }, _ => new { moreTime = false, hearing = false } };
            string[] optedOut = random.Next(4) == 0 ? ["Sms"] : random.Next(6) == 0 ? ["Voice"] : [];
            var response = await _clients[node].PostAsJsonAsync("/api/v1/bookings", new { slotStart = Slot(), phone = Pick(Phones), language = "nl", needs, optedOut });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                _apiBookings.Add((body.GetProperty("reference").GetString()!, body.GetProperty("manageToken").GetString()!));
                return ("API book", false);
            }
            AssertNoServerError(response, "API book");
            return ("API book", true);
        }

        private async Task<(string, bool)> ApiMoveAsync(int node)
        {
            if (_apiBookings.Count == 0)
            {
                return await ApiBookAsync(node);
            }
            var (reference, token) = Pick(_apiBookings);
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/bookings/{reference}/reschedule") { Content = JsonContent.Create(new { slotStart = Slot() }) };
            request.Headers.Add("X-Manage-Token", token);
            var response = await _clients[node].SendAsync(request);
            AssertNoServerError(response, "API move");
            return ("API move", response.StatusCode != HttpStatusCode.OK);
        }

        private async Task<(string, bool)> ApiCancelAsync(int node)
        {
            if (_apiBookings.Count == 0)
            {
                return await ApiBookAsync(node);
            }
            var (reference, token) = Pick(_apiBookings);
            var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/bookings/{reference}");
            request.Headers.Add("X-Manage-Token", token);
            var response = await _clients[node].SendAsync(request);
            AssertNoServerError(response, "API cancel");
            return ("API cancel", !response.IsSuccessStatusCode);
        }

        /// <summary>
        /// A short conversation from one number (book, choose, answer the needs question; or move,
        /// cancel, STOP, START), each text checked on its own: a reply that says no (no room for a
        /// longer call, the time was just taken) must have changed nothing.
        /// </summary>
        private async Task<(string, bool)> ConversationAsync(int node, int step)
        {
            var phone = Pick(Phones);
            string[] texts = random.Next(6) switch
            {
                0 or 1 or 2 => [Pick(["afspraak woensdag", "afspraak donderdag", "afspraak"]), Pick(["1", "2", "3"]), Pick(["h", "t", "l arabisch", "h t", "0"])],
                3 => ["verplaats", Pick(["1", "2"])],
                4 => ["annuleer", Pick(["ja", "nee"])],
                _ => [Pick(["stop", "start"])],
            };
            var refused = false;
            for (var i = 0; i < texts.Length; i++)
            {
                refused = await TextAsync(node, phone, texts[i]);
                var name = $"text '{texts[i]}' from {phone}";
                if (i < texts.Length - 1)
                {
                    _state = await invariants.CheckAsync($"step {step} ({name} on node {node})", _state, refused);
                }
                else
                {
                    return (name, refused);
                }
            }
            return ("no text", true);
        }

        private async Task<bool> TextAsync(int node, string phone, string body)
        {
            var form = new Dictionary<string, string>
            {
                ["MessageSid"] = $"SM{Interlocked.Increment(ref _sid):D32}",
                ["AccountSid"] = FakeTwilio.AccountSid,
                ["From"] = phone,
                ["To"] = FakeTwilio.From,
                ["Body"] = body,
                ["NumMedia"] = "0",
            };
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/sms") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-Twilio-Signature", FakeTwilio.Sign(PublicBase + "webhooks/twilio/sms", form, FakeTwilio.AuthToken));
            var response = await _clients[node].SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Message")?.Value ?? "";
            foreach (var refusal in (string[])[NoRoom, Taken])
            {
                if (reply.StartsWith(refusal, StringComparison.Ordinal))
                {
                    Said[refusal] = Said.GetValueOrDefault(refusal) + 1;
                    return true;
                }
            }
            return false;
        }

        private async Task<(string, bool)> CapacityAsync(int node)
        {
            await using var scope = nodes[node].Services.CreateAsyncScope();
            var planning = scope.ServiceProvider.GetRequiredService<CapacityPlanning>();
            switch (random.Next(3))
            {
                case 0:
                    var day = random.Next(2) == 0 ? IsoDayOfWeek.Wednesday : IsoDayOfWeek.Thursday;
                    var hour = random.Next(9, 12);
                    var agents = random.Next(0, 5);
                    await planning.SaveWeekAsync(new Dictionary<(IsoDayOfWeek, int), int> { [(day, hour)] = agents });
                    return ($"week plan {day} {hour}:00 = {agents}", false);
                case 1:
                    var date = random.Next(2) == 0 ? new LocalDate(2026, 12, 2) : new LocalDate(2026, 12, 3);
                    var adjustment = random.Next(4) == 0
                        ? CapacityAdjustment.Close(date, date, "Model closure", nodes[node].Clock.GetCurrentInstant())
                        : CapacityAdjustment.AddAgents(date, date, random.Next(1, 3), Languages.All, "Model extra agents", nodes[node].Clock.GetCurrentInstant());
                    await planning.AddAsync(adjustment);
                    return ($"{adjustment.Kind} {date}", false);
                default:
                    var adjustments = await planning.AdjustmentsAsync();
                    if (adjustments.Count == 0)
                    {
                        return ("no adjustment to remove", true);
                    }
                    await planning.RemoveAsync(Pick(adjustments).Id);
                    return ("adjustment removed", false);
            }
        }

        private async Task<(string, bool)> MoveNextFreeAsync(int node)
        {
            await using var scope = nodes[node].Services.CreateAsyncScope();
            var overfull = await scope.ServiceProvider.GetRequiredService<CapacityPlanning>().OverfullAsync();
            if (overfull.Count == 0)
            {
                return ("nothing over-full", true);
            }
            var outcome = await scope.ServiceProvider.GetRequiredService<BookingService>().MoveToNextFreeAsync(Pick(Pick(overfull).Bookings).Id);
            return ("move to the next free time", outcome is not BookingOutcome.Done);
        }

        /// <summary>Once the calls have begun: an agent takes a due call and records an outcome, or moves it.</summary>
        private async Task<(string, bool)> AgentAsync(int node, int step)
        {
            await using var scope = nodes[node].Services.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
            // The minutely job's work, checked as a step of its own.
            await queue.EnterDueAsync();
            _state = await invariants.CheckAsync($"step {step} (calls enter the queue)", _state, refused: false);
            await TestAgents.AddAsync(scope.ServiceProvider.GetRequiredService<Scheduler.Persistence.AlloDbContext>(), "model-agent");
            var due = (await queue.ViewAsync("model-agent")).DueNow;
            if (due.Count == 0)
            {
                return ("no call due", true);
            }
            var call = Pick(due);
            if (await queue.ClaimAsync(call.Id, "model-agent") != ClaimResult.Claimed)
            {
                return ("claim lost", true);
            }
            var outcome = Pick([CallOutcome.Helped, CallOutcome.NoAnswer, CallOutcome.WrongNumber, CallOutcome.AnotherTime]);
            if (outcome == CallOutcome.AnotherTime)
            {
                var moved = await scope.ServiceProvider.GetRequiredService<BookingService>()
                    .RescheduleAsync(call.Id, "model-agent", "Model: another time", SlotTimes.Format(Pick(Slots[8..]), SlotCalendar.Brussels));
                return ("agent: another time", moved is not BookingOutcome.Done);
            }
            var problem = await queue.RecordOutcomeAsync(call.Id, "model-agent", outcome, "Model note");
            return ($"agent: {outcome}", problem is not null);
        }

        private static void AssertNoServerError(HttpResponseMessage response, string what) =>
            Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}");
    }
}
