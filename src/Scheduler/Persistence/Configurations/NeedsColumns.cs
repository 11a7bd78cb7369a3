using Allo.Domain.Bookings;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

/// <summary>
/// The columns of what a citizen told us they need, the same on a booking and on a waitlist entry (an
/// offer taken turns the one into the other, so a need must fit both alike).
/// </summary>
internal static class NeedsColumns
{
    public static void Map(ComplexPropertyBuilder<Needs> needs)
    {
        needs.Property(n => n.OtherLanguage).HasMaxLength(60);
        needs.Property(n => n.PartnerName).HasMaxLength(Bookings.BookingFields.MaxPartnerName);
        needs.ComplexProperty(n => n.Proxy, proxy =>
        {
            proxy.Property(p => p.Name).HasMaxLength(200);
            proxy.ComplexProperty(p => p.Phone, phone =>
            {
                phone.Property(p => p.E164).HasMaxLength(16);
                phone.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
            });
        });
    }
}
