using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Allo.Web.Tests.Startup;

/// <summary>A self-signed RSA certificate written as a password-protected .pfx file, as an operator would give one.</summary>
internal sealed class TestCertificate : IDisposable
{
    public const string Password = "pfx-password-for-tests";

    private TestCertificate(string path) => Path = path;

    public string Path { get; }

    public static TestCertificate Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Allo data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"allo-keys-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return new TestCertificate(path);
    }

    public void Dispose() => File.Delete(Path);
}
