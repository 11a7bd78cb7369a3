using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace Allo.Scheduler.Persistence;

public sealed class InstantConverter() : ValueConverter<Instant, DateTime>(
    instant => instant.ToDateTimeUtc(),
    dateTime => Instant.FromDateTimeUtc(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)));

public sealed class NullableInstantConverter() : ValueConverter<Instant?, DateTime?>(
    instant => instant.HasValue ? instant.Value.ToDateTimeUtc() : null,
    dateTime => dateTime.HasValue ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(dateTime.Value, DateTimeKind.Utc)) : null);
