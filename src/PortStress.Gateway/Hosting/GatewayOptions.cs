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

    /// <summary>The loopback URLs of the admin and metrics endpoint (<c>PortStress:Admin:Urls</c>, ';'-separated).</summary>
    internal const string AdminUrlsKey = "PortStress:Admin:Urls";

    /// <summary>Where the admin and metrics endpoint listens unless configured.</summary>
    internal const string DefaultAdminUrls = "http://127.0.0.1:8088";
}
