using Allo.Scheduler.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Scheduler.Persistence;

public static class KeyRingRegistration
{
    /// <summary>
    /// The keys that protect cookies and feedback links, in the database: every web and job node reads
    /// what another wrote, and a restart does not break links already sent. With a certificate they are
    /// encrypted there, so that a copy of the database (a backup, a dump) does not hand them out.
    /// </summary>
    public static IServiceCollection AddAlloKeyRing(this IServiceCollection services, KeyProtectionSettings settings)
    {
        services.AddSingleton(settings);
        var keys = services.AddDataProtection()
            .SetApplicationName("Allo")
            .PersistKeysToDbContext<AlloDbContext>();
        if (settings.Certificate is { } certificate)
        {
            // Also registers the certificate for reading keys back, so no certificate store is involved.
            keys.ProtectKeysWithCertificate(certificate);
        }
        return services;
    }
}
