using System.Linq.Expressions;
using Allo.Domain.Bookings;

namespace Allo.Scheduler.Managers;

/// <summary>The needs a manager can count and filter by, with the one place that says how each is read.</summary>
public static class NeedNames
{
    public const string None = "None";

    public static readonly string[] All = ["Hearing", "Sight", "Reading", "MoreTime", "Speech", "OtherLanguage", "PrefersCall", "PrefersText", "Proxy"];

    public static IEnumerable<string> Of(Needs needs)
    {
        var any = false;
        foreach (var name in All.Where(n => Has(needs, n)))
        {
            any = true;
            yield return name;
        }
        if (!any)
        {
            yield return None;
        }
    }

    public static bool Has(Needs needs, string name) => name switch
    {
        "Hearing" => needs.Hearing,
        "Sight" => needs.Sight,
        "Reading" => needs.Reading,
        "MoreTime" => needs.MoreTime,
        "Speech" => needs.Speech,
        "OtherLanguage" => needs.OtherLanguage != null,
        "PrefersCall" => needs.PrefersCall,
        "PrefersText" => needs.PrefersText,
        "Proxy" => needs.Proxy != null,
        None => Of(needs).First() == None,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a need."),
    };

    /// <summary>The same test as a query on bookings, so the database filters.</summary>
    public static Expression<Func<Booking, bool>> Filter(string name) => name switch
    {
        "Hearing" => b => b.Needs.Hearing,
        "Sight" => b => b.Needs.Sight,
        "Reading" => b => b.Needs.Reading,
        "MoreTime" => b => b.Needs.MoreTime,
        "Speech" => b => b.Needs.Speech,
        "OtherLanguage" => b => b.Needs.OtherLanguage != null,
        "PrefersCall" => b => b.Needs.PrefersCall,
        "PrefersText" => b => b.Needs.PrefersText,
        "Proxy" => b => b.Needs.Proxy != null,
        _ => b => !b.Needs.Hearing && !b.Needs.Sight && !b.Needs.Reading && !b.Needs.MoreTime && !b.Needs.Speech
            && b.Needs.OtherLanguage == null && !b.Needs.PrefersCall && !b.Needs.PrefersText && b.Needs.Proxy == null,
    };

    /// <summary>
    /// The same test as a SQL condition on the Bookings columns, for the dashboard's GROUP BY
    /// (SQLite's 0/1 and PostgreSQL's booleans both read as a condition).
    /// </summary>
    public static string Sql(string name) => name switch
    {
        "OtherLanguage" => "\"Needs_OtherLanguage\" IS NOT NULL",
        // A proxy always has a name, so its name column is null exactly when there is no proxy.
        "Proxy" => "\"Needs_Proxy_Name\" IS NOT NULL",
        None => "NOT (" + string.Join(" OR ", All.Select(Sql)) + ")",
        _ when All.Contains(name) => $"\"Needs_{name}\"",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a need."),
    };
}
