using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using PortStress.Execution.Gate;
using PortStress.Execution.Records;
using PortStress.Gateway.Admin;
using PortStress.Gateway.Monitoring;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the admin API, the health endpoints and the metrics scrape endpoint.</summary>
public static class PortStressAdminEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, on the admin listener: reads <c>GET /admin/state</c>, <c>/admin/sessions</c>, <c>/admin/destinations</c>,
    /// <c>/admin/approvals</c>; writes (bearer token) <c>POST /admin/approvals/{id}/approve</c>,
    /// <c>/admin/approvals/{id}/deny</c>, <c>/admin/shadow</c> (kept across restarts when the host registers a
    /// <see cref="ShadowOverrideStore"/>, as the gateway run host does); <c>GET /healthz</c> (the process is up) and
    /// <c>GET /readyz</c> (503 with the reasons until the host and engine have started and the control loop ticks); and the
    /// Prometheus scrape endpoint when <c>AddPortStressMonitoring</c> registered it. Needs <c>AddPortStressAdmin</c>.
    /// </summary>
    /// <param name="endpoints">The application (or any endpoint route builder).</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapPortStressAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(AdminReader)) != true)
            throw new InvalidOperationException("Call services.AddPortStressAdmin(configuration) before app.MapPortStressAdmin().");

        GuardListenerAddresses(services);
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (AdminReader admin) =>
        {
            var readiness = admin.Ready();
            return Results.Json(readiness, statusCode: readiness.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        var monitoring = services.GetService<IOptions<MonitoringOptions>>()?.Value;
        if (monitoring is { Prometheus.Enabled: true } && services.GetService<MeterProvider>() is not null)
            endpoints.MapPrometheusScrapingEndpoint(monitoring.Prometheus.Path);

        var admin = endpoints.MapGroup("/admin");
        admin.MapGet("/state", (AdminReader reader) => reader.State() is { } state ? Results.Json(state) : Missing("control loop"));
        admin.MapGet("/sessions", (AdminReader reader) => reader.Sessions() is { } sessions ? Results.Json(sessions) : Missing("FIX engine"));
        admin.MapGet("/destinations", (AdminReader reader) => reader.Destinations() is { } d ? Results.Json(d) : Missing("control loop"));
        admin.MapGet("/approvals", (AdminReader reader) => reader.Gate is { } gate
            ? Results.Json(gate.Approvals.Pending().Select(p => new AdminApproval(p.RequestId, p.OrderId, p.ParentId, p.Venue, p.Symbol,
                RecordNames.Of(p.Side), p.Quantity, RecordNames.Of(p.Urgency), p.RequestedAt, p.ExpiresAt)).ToList())
            : Missing("order gate"));

        var writes = admin.MapGroup("").AddEndpointFilter<AdminTokenFilter>();
        writes.MapPost("/approvals/{id:long}/approve", (long id, HttpContext http, AdminReader reader, ILogger<AdminReader> logger) =>
            Decide(id, approve: true, http, reader, logger));
        writes.MapPost("/approvals/{id:long}/deny", (long id, HttpContext http, AdminReader reader, ILogger<AdminReader> logger) =>
            Decide(id, approve: false, http, reader, logger));
        writes.MapPost("/shadow", ([FromBody] ShadowRequest? request, HttpContext http, AdminReader reader, ILogger<AdminReader> logger) =>
        {
            if (reader.Loop is not { } loop)
                return Missing("control loop");
            if (request?.Enabled is not { } enabled)
                return Results.Json(new AdminError("the body must be {\"enabled\": true|false}"), statusCode: StatusCodes.Status400BadRequest);
            var remote = Remote(http);
            var persisted = false;
            if (reader.ShadowOverrides is { } overrides)
                persisted = overrides.Switch(loop, enabled, remote);   // saved (a failure is logged), then applied
            else
                loop.SetShadow(enabled);
            AdminLog.ShadowRequested(logger, enabled ? "on" : "off", remote);
            return Results.Json(new ShadowResponse(enabled, loop.Shadow, "next control tick", persisted), statusCode: StatusCodes.Status202Accepted);
        });
        return endpoints;
    }

    private static async Task<IResult> Decide(long id, bool approve, HttpContext http, AdminReader reader, ILogger logger)
    {
        if (reader.Gate is not { } gate)
            return Missing("order gate");
        ApprovalRequest? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.ContentType.Count > 0)
        {
            try
            {
                body = await http.Request.ReadFromJsonAsync<ApprovalRequest>(http.RequestAborted).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                return Results.Json(new AdminError("the body must be empty or {\"credential\": \"...\"}"), statusCode: StatusCodes.Status400BadRequest);
            }
        }
        // The approver's own credential when given; else the bearer token (list it in PortStress:Gate:ApprovalCredentials).
        var credential = body?.Credential is { Length: > 0 } given ? given : AdminTokenFilter.BearerToken(http.Request) ?? string.Empty;
        var result = approve ? gate.Approvals.Approve(id, credential) : gate.Approvals.Deny(id, credential);
        var name = result switch
        {
            ApprovalResult.Approved => "approved",
            ApprovalResult.Denied => "denied",
            ApprovalResult.InvalidCredential => "invalid_credential",
            _ => "unknown_request",
        };
        AdminLog.ApprovalDecided(logger, id, approve ? "approve" : "deny", Remote(http), name);
        var status = result switch
        {
            ApprovalResult.InvalidCredential => StatusCodes.Status403Forbidden,
            ApprovalResult.UnknownRequest => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status200OK,
        };
        return Results.Json(new ApprovalResponse(id, name), statusCode: status);
    }

    // PortStress:Admin:Urls is validated on start; this also catches a listener bound some other way (ASPNETCORE_URLS,
    // Kestrel configuration): once the server has started, a non-loopback address without a token stops the host.
    private static void GuardListenerAddresses(IServiceProvider services)
    {
        var lifetime = services.GetService<IHostApplicationLifetime>();
        var server = services.GetService<IServer>();
        if (lifetime is null || server is null)
            return;
        lifetime.ApplicationStarted.Register(() =>
        {
            var options = services.GetRequiredService<IOptions<AdminOptions>>().Value;
            if (!string.IsNullOrEmpty(options.Token))
                return;
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var exposed = addresses.Where(a => !AdminOptionsValidator.IsLoopback(new Uri(a.Replace("://*", "://0.0.0.0", StringComparison.Ordinal)
                .Replace("://+", "://0.0.0.0", StringComparison.Ordinal)).Host)).ToList();
            if (exposed.Count == 0)
                return;
            AdminLog.ExposedWithoutToken(services.GetRequiredService<ILogger<AdminReader>>(), string.Join(", ", exposed));
            lifetime.StopApplication();
        });
    }

    private static IResult Missing(string what) =>
        Results.Json(new AdminError($"no {what} in this host"), statusCode: StatusCodes.Status503ServiceUnavailable);

    private static string Remote(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
