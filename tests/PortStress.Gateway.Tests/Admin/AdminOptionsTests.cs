using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortStress.Gateway.Admin;

namespace PortStress.Gateway.Tests.Admin;

public sealed class AdminOptionsTests
{
    private static readonly AdminOptionsValidator Validator = new();

    [Theory]
    [InlineData("http://127.0.0.1:8088")]
    [InlineData("http://localhost:8088")]
    [InlineData("http://[::1]:8088")]
    [InlineData("http://127.0.0.1:0;http://[::1]:0")]
    public void Loopback_urls_need_no_token(string urls) =>
        Validator.Validate(null, new AdminOptions { Urls = urls }).Succeeded.Should().BeTrue();

    [Theory]
    [InlineData("http://0.0.0.0:8088")]
    [InlineData("http://*:8088")]
    [InlineData("http://+:8088")]
    [InlineData("http://10.1.2.3:8088")]
    [InlineData("http://127.0.0.1:8088;http://[::]:8088")]
    public void Non_loopback_urls_without_a_token_are_refused(string urls)
    {
        var result = Validator.Validate(null, new AdminOptions { Urls = urls });
        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("PortStress:Admin:Token");
    }

    [Fact]
    public void Non_loopback_urls_with_a_token_are_accepted() =>
        Validator.Validate(null, new AdminOptions { Urls = "http://0.0.0.0:8088", Token = "a-long-enough-token-0123" }).Succeeded.Should().BeTrue();

    [Fact]
    public void A_short_token_is_refused() =>
        Validator.Validate(null, new AdminOptions { Token = "short" }).FailureMessage.Should().Contain("at least 16 characters");

    [Fact]
    public async Task A_host_with_a_public_admin_url_and_no_token_does_not_start()
    {
        await using var app = AdminOnlyHost("http://127.0.0.1:0", new() { ["PortStress:Admin:Urls"] = "http://0.0.0.0:8088" });
        var start = () => app.StartAsync();
        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("not a loopback address");
    }

    [Fact]
    public async Task Without_a_configured_token_every_write_is_refused_and_says_why()
    {
        await using var app = AdminOnlyHost("http://127.0.0.1:0");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var response = await client.SendAsync(Monitoring.GatewayHost.Post("/admin/shadow", "any-token-at-all-000000", """{"enabled": true}"""));
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Token is not configured");
        using var ready = await client.GetAsync("/readyz");
        ready.StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable, "neither engine nor control loop is in this host");
        await app.StopAsync();
    }

    [Fact]
    public async Task A_listener_bound_beyond_loopback_some_other_way_without_a_token_stops_the_host()
    {
        await using var app = AdminOnlyHost("http://0.0.0.0:0");
        await app.StartAsync();
        await PortStress.Testing.Eventually.WaitFor(() => app.Lifetime.ApplicationStopping.IsCancellationRequested, "the host stopping itself");
        await app.StopAsync();
    }

    // A host with the admin API and nothing else (no engine, controller or gate), listening on listenUrls.
    private static WebApplication AdminOnlyHost(string listenUrls, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(listenUrls);
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddPortStressAdmin(builder.Configuration);
        var app = builder.Build();
        app.MapPortStressAdmin();
        return app;
    }
}
