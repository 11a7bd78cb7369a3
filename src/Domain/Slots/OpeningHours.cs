using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>A stretch of a weekday during which agents call citizens back, in local time.</summary>
public sealed record OpeningWindow(IsoDayOfWeek Day, LocalTime Start, LocalTime End)
{
    public OpeningWindow Validated()
    {
        if (End <= Start)
        {
            throw new ArgumentException($"An opening window on {Day} must end after it starts ({Start:HH:mm}–{End:HH:mm}).");
        }
        return this;
    }
}

/// <summary>When the phone service is open and how far ahead and how late a citizen can book.</summary>
public sealed record OpeningHours
{
    public required IReadOnlyList<OpeningWindow> Windows { get; init; }
    public Period SlotLength { get; init; } = Period.FromMinutes(15);
    public int HorizonDays { get; init; } = 21;
    public Duration MinimumNotice { get; init; } = Duration.FromHours(2);

    /// <summary>Monday to Friday, 09:00–12:00 and 13:00–16:00: the hours of the 2020 tax-return phone service.</summary>
    public static OpeningHours Default { get; } = new()
    {
        Windows =
        [
            .. new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
                .SelectMany(day => new[]
                {
                    new OpeningWindow(day, new LocalTime(9, 0), new LocalTime(12, 0)),
                    new OpeningWindow(day, new LocalTime(13, 0), new LocalTime(16, 0)),
                }),
        ],
    };
}
