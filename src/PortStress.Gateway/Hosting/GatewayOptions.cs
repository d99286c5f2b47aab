namespace PortStress.Gateway.Hosting;

/// <summary>The gateway process's own settings (section <see cref="SectionName"/> of the config dir's appsettings.json).</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section: <c>PortStress:Gateway</c>.</summary>
    public const string SectionName = "PortStress:Gateway";

    /// <summary>The order journal (ClOrdID mapping and order state), relative to the config dir. Default <c>state/orders.journal</c>.</summary>
    public string JournalPath { get; set; } = "state/orders.journal";

    /// <summary>fsync the journal after every event (survives a machine crash, not only a process kill). Default false.</summary>
    public bool FsyncJournal { get; set; }

    /// <summary>Where the gate's order records (<c>order.jsonl</c>, <c>order_event.jsonl</c>) go, relative to the config dir; none when null.</summary>
    public string? RecordsDirectory { get; set; }

    /// <summary>
    /// Where the admin API keeps what must survive a restart (the shadow-mode switch of <c>POST /admin/shadow</c>),
    /// relative to the config dir. Default <c>state/admin.json</c>; the file exists only while a switch overrides the configuration.
    /// </summary>
    public string AdminStatePath { get; set; } = "state/admin.json";
}
