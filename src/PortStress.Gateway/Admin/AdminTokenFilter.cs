using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PortStress.Gateway.Admin;

/// <summary>
/// Guards the admin API's writes: <c>Authorization: Bearer &lt;PortStress:Admin:Token&gt;</c>. No header (or not a bearer
/// one): 401 with <c>WWW-Authenticate: Bearer</c>; a wrong token: 403; no token configured: 403 for every write, saying
/// so. Tokens are compared as SHA-256 digests in constant time. Every refusal is logged.
/// </summary>
internal sealed class AdminTokenFilter : IEndpointFilter
{
    private readonly byte[]? _tokenHash;
    private readonly ILogger _logger;

    public AdminTokenFilter(IOptions<AdminOptions> options, ILogger<AdminTokenFilter> logger)
    {
        var token = options.Value.Token;
        _tokenHash = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
        _logger = logger;
    }

    /// <summary>The bearer token of a request, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : null;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_tokenHash is null)
            return Refuse(http, StatusCodes.Status403Forbidden, $"admin writes are disabled: {AdminOptions.SectionName}:Token is not configured");
        var token = BearerToken(http.Request);
        if (string.IsNullOrEmpty(token))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Refuse(http, StatusCodes.Status401Unauthorized, "a bearer token is required (Authorization: Bearer <token>)");
        }
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _tokenHash))
            return Refuse(http, StatusCodes.Status403Forbidden, "the bearer token is not valid");
        return await next(context).ConfigureAwait(false);
    }

    private IResult Refuse(HttpContext http, int status, string reason)
    {
        AdminLog.WriteRefused(_logger, http.Request.Method, http.Request.Path.ToString(), status, reason);
        return Results.Json(new AdminError(reason), statusCode: status);
    }
}
