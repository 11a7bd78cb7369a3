namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// Pages reached by a link rather than a form, with the link's parts made hostile: the manage link's
/// reference and token, the feedback and calendar-feed tokens, a route id, the slot picker's week,
/// the language. Reading a page changes nothing, so these carry no poison.
/// </summary>
public static class LinkTargets
{
    public static IEnumerable<FuzzTarget> All()
    {
        yield return new DirectTarget("link: manage pages", (w, r) => Get(FuzzWorld.Visitor,
            Hostile.Pick(r, ["/manage", "/manage/calendar", "/manage/move", "/manage/move/time", "/manage/contact", "/manage/cancel"])
            + $"?ref={Part(r, w.Reference)}&token={Part(r, w.ManageToken)}" + (r.Next(3) == 0 ? $"&done={Any(r)}&week={Any(r)}&day={Any(r)}&full={Any(r)}" : "")));
        yield return new DirectTarget("link: waitlist pages", (w, r) => Get(FuzzWorld.Visitor,
            Hostile.Pick(r, [$"/waitlist/{Part(r, w.WaitlistId.ToString(), path: true)}", $"/waitlist/{Part(r, w.WaitlistId.ToString(), path: true)}/leave", "/waitlist/joined"])
            + $"?token={Part(r, w.WaitlistToken)}&id={Any(r)}"));
        yield return new DirectTarget("link: booking steps", (_, r) => Get(FuzzWorld.Citizen,
            Hostile.Pick(r, ["/book/when", "/book/time", "/book/phone", "/book/details", "/book/needs", "/book/check", "/book/already-booked", "/book/confirmation", "/book/moved",
                "/waitlist/join", "/waitlist/check", "/waitlist/already-waiting", "/waitlist/left"])
            + $"?week={Any(r)}&day={Any(r)}&full={Any(r)}&change={Any(r)}&taken={Any(r)}&ref={Any(r)}&token={Any(r)}"));
        yield return new DirectTarget("link: feedback", (w, r) => Get(FuzzWorld.Visitor, "/feedback/" + Part(r, w.FeedbackPath.Split('?')[0]["/feedback/".Length..], path: true)));
        yield return new DirectTarget("link: agent calendar feed", (w, r) => Get(null, "/agent/calendar/" + Part(r, w.AgentFeedToken, path: true) + ".ics"),
            "GET /agent/calendar/{token}.ics");
        yield return new DirectTarget("link: agent pages", (w, r) => Get(FuzzWorld.AgentBrowser, Hostile.Pick(r,
            [$"/agent/callbacks/{Part(r, w.Held.ToString(), path: true)}", $"/agent/callbacks/{w.Held}/another-time?week={Any(r)}", $"/agent/day?date={Any(r)}", $"/agent?id={Any(r)}"])));
        yield return new DirectTarget("link: manager pages", (_, r) => Get(FuzzWorld.ManagerBrowser, Hostile.Pick(r,
            [$"/manager/feedback?p={Any(r)}&from={Any(r)}", $"/manager/feedback?handler=Csv&from={Any(r)}&to={Any(r)}&q={Any(r)}",
             $"/manager/dashboard?from={Any(r)}&to={Any(r)}&by={Any(r)}", $"/manager/capacity?handler={Any(r)}",
             $"/manager/access-log?reference={Any(r)}&staff={Any(r)}&p={Any(r)}"])));
        yield return new DirectTarget("link: public pages", (_, r) => Get(Hostile.Pick(r, new[] { FuzzWorld.Visitor, null }),
            Hostile.Pick(r, ["/", "/privacy", "/accessibility", "/error/" + FuzzRequest.EscapePath(Hostile.Any(r)), "/staff/sign-in"]) + $"?lang={Any(r)}&ReturnUrl={Any(r)}")
            with { Headers = [("Accept-Language", Hostile.Pick(r, ["nl-BE", "*", "xx", "fr;q=abc", new string('a', 3000), "de-DE-x-\u00ff"]))] });
    }

    private static FuzzRequest Get(string? browser, string url) => new(HttpMethod.Get, url) { Browser = browser };

    private static string Any(Random random) => FuzzRequest.Escape(Hostile.Any(random));

    /// <summary>The real value (so the page has something to show), or one changed in a hostile way.</summary>
    private static string Part(Random random, string real, bool path = false)
    {
        var value = random.Next(4) switch
        {
            0 => real,
            1 => real[..(real.Length / 2)] + Hostile.Any(random),
            2 => real + Hostile.Any(random),
            _ => Hostile.Any(random),
        };
        return path ? FuzzRequest.EscapePath(value) : FuzzRequest.Escape(value);
    }
}
