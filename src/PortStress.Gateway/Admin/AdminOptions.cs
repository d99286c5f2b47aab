namespace PortStress.Gateway.Admin;

/// <summary>
/// The admin listener (section <see cref="SectionName"/>): where it binds and the bearer token that authorizes writes.
/// </summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PortStress:Admin";

    /// <summary>The default listener: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8088";

    /// <summary>
    /// The URLs the admin listener binds (separated by <c>;</c>). Default <see cref="DefaultUrls"/>. A non-loopback
    /// address needs <see cref="Token"/>: the host refuses to start otherwise.
    /// </summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>
    /// The bearer token for writes (<c>Authorization: Bearer &lt;token&gt;</c>), at least 16 characters. Without one every
    /// write is refused. Keep it in a secret store or the environment (<c>PortStress__Admin__Token</c>).
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The readiness check fails when the control loop has not ticked for this long. Default 5 s.</summary>
    public TimeSpan ReadyTickAge { get; set; } = TimeSpan.FromSeconds(5);
}
