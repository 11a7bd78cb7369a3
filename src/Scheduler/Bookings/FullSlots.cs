using System.Collections.Concurrent;
using Allo.Domain;
using NodaTime;

namespace Allo.Scheduler.Bookings;

/// <summary>
/// The times this node lately found full, per call language: a new booking there reads the seats
/// before it writes, so a last-seats storm is answered from the read that finds the alternatives,
/// not by a write the database refuses and rolls back. Elsewhere a booking writes at once (an
/// opening-day rush, where a read first would decide nothing). Only the path depends on it, never the
/// answer: the capacity trigger decides every write, and a read that finds a seat forgets the time
/// (docs/decisions/0044-a-full-slot-is-read-before-it-is-written.md). One per process.
/// </summary>
public sealed class FullSlots(IClock clock)
{
    /// <summary>How long a time found full is read first; a seat given back meanwhile costs one read more.</summary>
    public static readonly Duration Memory = Duration.FromSeconds(10);

    // A horizon holds a few thousand (time, language) pairs; past times are dropped all at once.
    private const int MostRemembered = 20_000;

    private readonly ConcurrentDictionary<(Instant Start, Language Language), Instant> _until = new();

    public bool WereLatelyFull(Instant start, Language language) =>
        _until.TryGetValue((start, language), out var until) && clock.GetCurrentInstant() < until;

    public void FoundFull(Instant start, Language language)
    {
        if (_until.Count >= MostRemembered)
        {
            _until.Clear();
        }
        _until[(start, language)] = clock.GetCurrentInstant() + Memory;
    }

    public void FoundFree(Instant start, Language language) => _until.TryRemove((start, language), out _);
}
