using System.Globalization;
using Allo.Domain;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace Allo.Web.Localization;

/// <summary>The citizen's language for this request, and how dates and times are written in it.</summary>
public static class CitizenCulture
{
    public const string CookieName = ".Allo.Language";

    public static CultureInfo Culture(Language language) => language == Language.En ? English : CultureInfo.GetCultureInfo(language.Code() + "-BE");

    /// <summary>
    /// en-BE, for Belgium's calendar and time zone, but written the English way: "4.6" and "80%", not
    /// the Belgian "4,6" and "80 %" that en-BE inherits. The name stays en-BE, so remembered choices hold.
    /// </summary>
    private static readonly CultureInfo English = EnglishInBelgium();

    private static CultureInfo EnglishInBelgium()
    {
        var culture = new CultureInfo("en-BE", useUserOverride: false)
        {
            NumberFormat = (NumberFormatInfo)CultureInfo.GetCultureInfo("en-GB").NumberFormat.Clone(),
        };
        return CultureInfo.ReadOnly(culture);
    }

    public static RequestLocalizationOptions Options()
    {
        var cultures = Languages.All.Select(Culture).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Culture(Language.Nl)),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        // A link in a message can carry ?lang=fr; then the cookie set on the language page; then the browser.
        options.RequestCultureProviders =
        [
            new LanguageQueryProvider(),
            new CookieRequestCultureProvider { CookieName = CookieName },
            new BrowserLanguageProvider(),
        ];
        return options;
    }

    public static void Remember(HttpResponse response, Language language) =>
        response.Cookies.Append(
            CookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Culture(language))),
            new CookieOptions { IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });

    /// <summary>"dinsdag 1 december 2026": the pattern is itself a translated string.</summary>
    public static string LongDate(LocalDate date, IStringLocalizer text) =>
        LocalDatePattern.Create(text["Format.LongDate"], CultureInfo.CurrentCulture).Format(date);

    public static string Time(LocalTime time) => LocalTimePattern.Create("HH:mm", CultureInfo.InvariantCulture).Format(time);

    /// <summary>"dinsdag 1 december 2026 om 10:15", in the zone of the service.</summary>
    public static string DateAndTime(Instant instant, DateTimeZone zone, IStringLocalizer text)
    {
        var local = instant.InZone(zone).LocalDateTime;
        return text["Format.DateAtTime", LongDate(local.Date, text), Time(local.TimeOfDay)];
    }

    /// <summary>
    /// The browser's languages in order of preference, by language rather than region: a browser set to
    /// en-US or fr-FR gets English or French (the stock provider would only match en-BE or fr-BE).
    /// </summary>
    private sealed class BrowserLanguageProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var preferred = httpContext.Request.GetTypedHeaders().AcceptLanguage
                .OrderByDescending(l => l.Quality ?? 1)
                .Select(l => l.Value.Value?.Split('-')[0])
                .Select(code => Languages.TryParse(code, out var language) ? (Language?)language : null)
                .FirstOrDefault(l => l is not null);
            return Task.FromResult(preferred is { } found ? new ProviderCultureResult(Culture(found).Name) : null);
        }
    }

    private sealed class LanguageQueryProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var code = httpContext.Request.Query["lang"].ToString();
            return Task.FromResult(Languages.TryParse(code, out var language)
                ? new ProviderCultureResult(Culture(language).Name)
                : null);
        }
    }
}

public static class LanguageFromQuery
{
    /// <summary>A link such as /manage?lang=fr switches the language for the rest of the visit too.</summary>
    public static IApplicationBuilder UseLanguageFromQuery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Allo.Domain.Languages.TryParse(context.Request.Query["lang"], out var language))
        {
            CitizenCulture.Remember(context.Response, language);
        }
        await next();
    });
}
