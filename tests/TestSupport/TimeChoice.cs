namespace Allo.TestSupport;

/// <summary>
/// "When" is two questions on two pages, a day and then a time on it (docs/decisions/0025), on the
/// booking flow and on the manage link's move: answered as a citizen without JavaScript answers them.
/// </summary>
public static class TimeChoice
{
    /// <summary>The day part of a slot as the pages write both (2026-12-02T10:00:00+01:00 → 2026-12-02).</summary>
    public static string DayOf(string slotStart) => slotStart[..10];

    /// <summary>On the day page: chooses the slot's day, then on the time page the slot, and submits each.</summary>
    public static async Task<string> ChooseTimeAsync(this FormClient page, string slotStart)
    {
        await page.SubmitAsync(("day", DayOf(slotStart)));
        return await page.SubmitAsync(("slotStart", slotStart));
    }
}
