namespace PortStress.Gateway.Admin;

/// <summary>
/// A shadow-mode switch made through <c>POST /admin/shadow</c> that overrides <c>PortStress:Control:Shadow</c>, as kept in
/// the admin state file (<c>PortStress:Gateway:AdminStatePath</c>) so that it survives a restart.
/// </summary>
/// <param name="Shadow">The mode switched to: true for shadow mode.</param>
/// <param name="ConfiguredShadow">The configured mode it overrides (<c>PortStress:Control:Shadow</c> when the switch was made).</param>
/// <param name="SwitchedAt">When the switch was made (UTC).</param>
/// <param name="Remote">From where: the caller's address.</param>
public sealed record ShadowOverride(bool Shadow, bool ConfiguredShadow, DateTimeOffset SwitchedAt, string Remote);
