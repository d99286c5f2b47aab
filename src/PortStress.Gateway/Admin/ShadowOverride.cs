namespace PortStress.Gateway.Admin;

/// <summary>
/// A shadow-mode switch made through <c>POST /admin/shadow</c> that overrides <c>PortStress:Control:Shadow</c>, as kept in
/// the admin state file (<c>PortStress:Gateway:AdminStatePath</c>) so that it survives a restart.
/// </summary>
/// <param name="Shadow">The mode switched to: true for shadow mode (the configured mode it overrides is the other one; a switch to the configured mode keeps no file).</param>
/// <param name="SwitchedAt">When the switch was made (UTC).</param>
/// <param name="Remote">From where: the caller's address.</param>
public sealed record ShadowOverride(bool Shadow, DateTimeOffset SwitchedAt, string Remote);
