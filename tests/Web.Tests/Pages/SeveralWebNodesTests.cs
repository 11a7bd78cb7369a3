using System.Net;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
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

    private static FormClient Browser(AlloFactory node, CookieContainer cookies)
    {
        var http = node.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(cookies));
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl-BE");
        return new FormClient(http);
    }

    [Fact]
    public async Task A_citizen_who_starts_on_one_node_can_finish_on_another()
    {
        var cookies = new CookieContainer();
        var onA = Browser(_nodeA, cookies);
        await onA.GetAsync("/");
        await onA.PostAsync(("Language", "nl"));
        await onA.PostAsync(("slotStart", "2026-12-02T10:00:00+01:00"));
        Assert.EndsWith("/book/phone", onA.Location!.AbsolutePath);

        // The load balancer sends the next request to the other node: the draft and antiforgery cookies,
        // protected with keys node A wrote to the database, must be readable there.
        var onB = Browser(_nodeB, cookies);
        await onB.GetAsync("/book/phone");
        Assert.EndsWith("/book/phone", onB.Location!.AbsolutePath);
        await onB.PostAsync(("phone", "0470 12 34 56"));
        await onB.PostAsync(("name", ""), ("email", ""));
        await onB.PostAsync();
        await onB.PostAsync();
        Assert.EndsWith("/book/confirmation", onB.Location!.AbsolutePath);
        Assert.Equal(1, await _nodeA.QueryAsync(db => db.Bookings.CountAsync()));
        Assert.True(await _nodeA.QueryAsync(db => db.DataProtectionKeys.AnyAsync()));
    }
}
