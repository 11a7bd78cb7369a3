using System.Net;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Startup;

/// <summary>
/// With DataProtection:CertificatePath and CertificatePassword set, the keys that protect cookies are
/// stored encrypted with the certificate, and another node with the same certificate reads them.
/// </summary>
public sealed class KeyProtectionTests : IAsyncLifetime
{
    private TestCertificate _certificate = null!;
    private AlloFactory _nodeA = null!;
    private AlloFactory _nodeB = null!;

    public async Task InitializeAsync()
    {
        _certificate = TestCertificate.Create();
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string>
        {
            ["DataProtection:CertificatePath"] = _certificate.Path,
            ["DataProtection:CertificatePassword"] = TestCertificate.Password,
        };
        _nodeA = new AlloFactory(database, TestClock.At(TestClock.Tuesday0800), settings, sharedKeys: true);
        _nodeB = new AlloFactory(database, TestClock.At(TestClock.Tuesday0800), settings, sharedKeys: true);
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeWithDatabaseAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task The_stored_keys_are_encrypted_and_a_second_node_with_the_certificate_reads_the_draft_and_antiforgery_cookies_of_the_first()
    {
        var cookies = new CookieContainer();
        var onA = FormClient.For(_nodeA, cookies, "en-GB");
        await onA.GetAsync("/");
        await onA.SubmitAsync(("Language", "en"));
        await onA.ChooseTimeAsync("2026-12-02T10:00:00+01:00");
        Assert.EndsWith("/book/phone", onA.Location!.AbsolutePath);

        // Node B must decrypt the key node A wrote to read the draft cookie and accept the antiforgery token.
        var onB = FormClient.For(_nodeB, cookies, "en-GB");
        await onB.GetAsync("/book/phone");
        Assert.EndsWith("/book/phone", onB.Location!.AbsolutePath);
        await onB.SubmitAsync(("phone", "0470 12 34 56"));
        Assert.Equal(HttpStatusCode.OK, onB.Status);
        Assert.EndsWith("/book/details", onB.Location!.AbsolutePath);

        var keys = await _nodeA.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
    }
}
