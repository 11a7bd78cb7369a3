using Allo.Scheduler.Messaging;

namespace Allo.Scheduler.Tests.Messaging;

public sealed class PublicLinksTests
{
    [Theory]
    [InlineData("https://allo.example.be", "/manage?ref=K7M4QX", "https://allo.example.be/manage?ref=K7M4QX")]
    [InlineData("https://allo.example.be/allo", "manage?ref=K7M4QX", "https://allo.example.be/allo/manage?ref=K7M4QX")]
    [InlineData("https://allo.example.be/allo/", "/?lang=fr", "https://allo.example.be/allo/?lang=fr")]
    public void A_link_is_under_the_public_base_url_and_keeps_its_path(string publicBaseUrl, string path, string expected)
    {
        var settings = new MessagingSettings { PublicBaseUrl = new Uri(publicBaseUrl) };
        Assert.Equal(expected, settings.Link(path).ToString());
    }
}
