using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Options;

/// <summary>
/// The certificate that encrypts the Data Protection keys (which protect cookies and feedback links)
/// where they are stored, in the database: a .pfx file with its password, or a certificate in the
/// machine's or user's store by thumbprint. Without one the keys are stored as they are.
/// </summary>
public sealed record KeyProtectionSettings(X509Certificate2? Certificate)
{
    private const string Advice =
        "set DataProtection__CertificatePath to a .pfx file with its private key and DataProtection__CertificatePassword to its password, or DataProtection__CertificateThumbprint to a certificate in the store";

    public static KeyProtectionSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("DataProtection");
        var path = section["CertificatePath"];
        var password = section["CertificatePassword"];
        var thumbprint = section["CertificateThumbprint"];
        if (!string.IsNullOrWhiteSpace(path) && !string.IsNullOrWhiteSpace(thumbprint))
        {
            throw new ConfigurationProblem("DataProtection:CertificatePath and DataProtection:CertificateThumbprint are both set; set only one of DataProtection__CertificatePath and DataProtection__CertificateThumbprint.");
        }
        if (!string.IsNullOrWhiteSpace(path))
        {
            return new KeyProtectionSettings(WithPrivateKey(FromFile(path.Trim(), password), $"DataProtection:CertificatePath '{path}'"));
        }
        if (!string.IsNullOrWhiteSpace(password))
        {
            throw new ConfigurationProblem($"DataProtection:CertificatePassword is set without a certificate; {Advice}.");
        }
        if (!string.IsNullOrWhiteSpace(thumbprint))
        {
            return new KeyProtectionSettings(WithPrivateKey(FromStore(thumbprint), $"DataProtection:CertificateThumbprint '{thumbprint}'"));
        }
        return new KeyProtectionSettings(Certificate: null);
    }

    private static X509Certificate2 FromFile(string path, string? password)
    {
        try
        {
            // Ephemeral: the private key stays in this process's memory instead of being written to a key store.
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationProblem($"DataProtection:CertificatePath '{path}' could not be read ({e.Message.TrimEnd('.')}); {Advice}.", e);
        }
    }

    private static X509Certificate2 FromStore(string thumbprint)
    {
        var wanted = thumbprint.Replace(" ", "", StringComparison.Ordinal).Trim();
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                continue;
            }
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }
        throw new ConfigurationProblem($"DataProtection:CertificateThumbprint is '{thumbprint}' but no certificate with it is in the My store of the current user or the machine; {Advice}.");
    }

    /// <summary>XML encryption of the keys needs an RSA key, and its private half to read them back.</summary>
    private static X509Certificate2 WithPrivateKey(X509Certificate2 certificate, string what)
    {
        using var rsa = certificate.GetRSAPrivateKey();
        return rsa is not null
            ? certificate
            : throw new ConfigurationProblem($"{what} is not an RSA certificate with its private key, which encrypting the keys and reading them back need; {Advice}.");
    }
}
