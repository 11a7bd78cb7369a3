using Allo.Domain.Bookings;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Api;

/// <summary>
/// A partner's client made from the document alone: openapi-typescript generates the types from
/// /openapi/v1.json, tsc --strict compiles tests/Contract/client/journey.ts against them (a document that
/// no longer describes those calls fails here), and the compiled client books, reads, moves and cancels
/// through the real API on a loopback port.
/// </summary>
public sealed class GeneratedClientTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        _baseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    [Fact]
    public async Task A_client_generated_from_the_document_books_reads_moves_and_cancels_and_is_refused_a_stale_cancel()
    {
        var contract = ContractTools.Folder();
        var generated = Path.Combine(contract, "generated");
        if (Directory.Exists(generated))
        {
            Directory.Delete(generated, recursive: true);
        }
        Directory.CreateDirectory(generated);
        using (var http = new HttpClient { BaseAddress = new Uri(_baseUrl) })
        {
            await File.WriteAllTextAsync(Path.Combine(generated, "openapi.json"), await http.GetStringAsync("/openapi/v1.json"));
        }

        var (generatedExit, generatedOutput) = await ContractTools.NodeAsync(contract, "node_modules/openapi-typescript/bin/cli.js", "generated/openapi.json", "-o", "generated/schema.d.ts");
        Assert.True(generatedExit == 0, generatedOutput);
        var (compiledExit, compiledOutput) = await ContractTools.NodeAsync(contract, "node_modules/typescript/bin/tsc", "-p", "tsconfig.json");
        Assert.True(compiledExit == 0, compiledOutput);
        var (exit, output) = await ContractTools.NodeAsync(contract, "generated/out/client/journey.js", _baseUrl.TrimEnd('/'), "2026-12-02T10:00:00+01:00", "2026-12-02T11:00:00+01:00");
        Assert.True(exit == 0, output);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var reference = lines[0].Split(' ')[2];
        Assert.Equal(["booked 201", "read 200 Booked \"0\"", "moved 200 2026-12-02T11:00:00+01:00", "stale-cancel 412 https://allo.example/problems/precondition-failed", "cancelled 200"],
            lines.Select(l => l.Replace(" " + reference, "", StringComparison.Ordinal).TrimEnd()).ToArray());
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal((BookingStatus.Cancelled, "Client Généré"), (booking.Status, booking.Name));
    }
}
