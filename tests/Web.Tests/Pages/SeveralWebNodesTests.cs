using System.Net;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Pages;

/// <summary>Two web nodes on one PostgreSQL, as in production behind a load balancer.</summary>
public sealed class SeveralWebNodesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private AlloFactory _nodeA = null!;
    private AlloFactory _nodeB = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _nodeA = new AlloFactory(_database, TestClock.At(TestClock.Tuesday0800), sharedKeys: true);
        _nodeB = new AlloFactory(_database, TestClock.At(TestClock.Tuesday0800), sharedKeys: true);
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeWithDatabaseAsync();
    }

    [Fact]
    public async Task A_citizen_who_starts_on_one_node_can_finish_on_another()
    {
        var cookies = new CookieContainer();
        var onA = FormClient.For(_nodeA, cookies, "nl-BE");
        await onA.GetAsync("/");
        await onA.SubmitAsync(("Language", "nl"));
        await onA.ChooseTimeAsync("2026-12-02T10:00:00+01:00");
        Assert.EndsWith("/book/phone", onA.Location!.AbsolutePath);

        // The load balancer sends the next request to the other node: the draft and antiforgery cookies,
        // protected with keys node A wrote to the database, must be readable there.
        var onB = FormClient.For(_nodeB, cookies, "nl-BE");
        await onB.GetAsync("/book/phone");
        Assert.EndsWith("/book/phone", onB.Location!.AbsolutePath);
        await onB.SubmitAsync(("phone", "0470 12 34 56"));
        await onB.SubmitAsync(("name", ""), ("email", ""));
        await onB.SubmitAsync();
        await onB.SubmitAsync();
        Assert.EndsWith("/book/confirmation", onB.Location!.AbsolutePath);
        Assert.Equal(1, await _nodeA.QueryAsync(db => db.Bookings.CountAsync()));
        Assert.True(await _nodeA.QueryAsync(db => db.DataProtectionKeys.AnyAsync()));
    }
}
