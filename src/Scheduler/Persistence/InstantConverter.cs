using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace Allo.Scheduler.Persistence;

public sealed class InstantConverter() : ValueConverter<Instant, DateTime>(
    instant => instant.ToDateTimeUtc(),
    dateTime => Instant.FromDateTimeUtc(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)));

public sealed class NullableInstantConverter() : ValueConverter<Instant?, DateTime?>(
    instant => instant.HasValue ? instant.Value.ToDateTimeUtc() : null,
    dateTime => dateTime.HasValue ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(dateTime.Value, DateTimeKind.Utc)) : null);

/// <summary>Calendar dates (capacity adjustments) as SQL dates on both providers.</summary>
public sealed class LocalDateConverter() : ValueConverter<LocalDate, DateOnly>(
    date => new DateOnly(date.Year, date.Month, date.Day),
    date => new LocalDate(date.Year, date.Month, date.Day));
