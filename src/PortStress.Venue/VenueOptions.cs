namespace PortStress.Venue;

/// <summary>
/// Everything the venue simulator is configured with (see docs/venue.md). Plain settable properties so it binds
/// from JSON (<see cref="VenueOptionsLoader"/>) or <c>IConfiguration</c>; checked by <see cref="VenueOptionsValidator"/>.
/// </summary>
public sealed class VenueOptions
{
    /// <summary>The address to listen on (default <c>127.0.0.1</c>).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one (see <see cref="VenueSimulator.LocalEndPoint"/>).</summary>
    public int Port { get; set; }

    /// <summary>The FIX sessions the venue accepts.</summary>
    public IList<VenueSessionOptions> Sessions { get; set; } = [];

    /// <summary>The instruments traded, each with its own price process.</summary>
    public IList<VenueSymbolOptions> Symbols { get; set; } = [];

    /// <summary>Seed of the price and volume processes: the same seed and the same clock give the same market.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The market moves in steps of this length (price, background volume, fills of resting orders).</summary>
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A mid-price record per symbol is written at this cadence (rounded up to whole steps).</summary>
    public TimeSpan MidRecordInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How orders fill.</summary>
    public FillModelOptions FillModel { get; set; } = new();

    /// <summary>Most orders (NewOrderSingle, cancel, replace) per second per session; more are rejected with Text saying so. 0: no limit.</summary>
    public double MaxOrdersPerSecond { get; set; }

    /// <summary>A connection that sends no Logon within this long is closed.</summary>
    public TimeSpan LogonTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Start each session's sequence numbers again at every Logon.</summary>
    public bool ResetOnLogon { get; set; }

    /// <summary>The faults in force at start (all can be changed at run time through <see cref="VenueSimulator.Faults"/>).</summary>
    public FaultOptions Faults { get; set; } = new();
}

/// <summary>One acceptor identity: the venue's CompID and the counterparties it accepts.</summary>
public sealed class VenueSessionOptions
{
    /// <summary>FIX.4.2 or FIX.4.4.</summary>
    public string BeginString { get; set; } = "FIX.4.4";

    /// <summary>The venue's own CompID (SenderCompID of what it sends).</summary>
    public string SenderCompId { get; set; } = "VENUE";

    /// <summary>The counterparties' CompIDs: one session each.</summary>
    public IList<string> TargetCompIds { get; set; } = [];
}

/// <summary>One instrument and its price process.</summary>
public sealed class VenueSymbolOptions
{
    /// <summary>The Symbol (55) orders name.</summary>
    public string Symbol { get; set; } = string.Empty;

    /// <summary>The mid price at start.</summary>
    public decimal InitialPrice { get; set; } = 100m;

    /// <summary>The price grid: quotes and limit prices are multiples of it.</summary>
    public decimal TickSize { get; set; } = 0.01m;

    /// <summary>Standard deviation of the log mid price per square root of a second (0.0005 = 5 bp per √s).</summary>
    public double Volatility { get; set; } = 0.0005;

    /// <summary>Quoted spread in ticks (ask minus bid).</summary>
    public int SpreadTicks { get; set; } = 2;

    /// <summary>Background market volume in units per second, traded at the touch (half at the bid, half at the ask on average).</summary>
    public double VolumePerSecond { get; set; } = 1000;
}

/// <summary>The fill model.</summary>
public sealed class FillModelOptions
{
    /// <summary>Displayed size at each price level: what a joining order queues behind, and what a marketable order can take per level when <see cref="LimitToDisplayedSize"/>.</summary>
    public decimal DisplayedSize { get; set; } = 500m;

    /// <summary>
    /// When true, a marketable order takes at most <see cref="DisplayedSize"/> per price level, walking the book a tick at
    /// a time (a limit order up to its price, the rest resting there); when false it fills in full at the touch.
    /// </summary>
    public bool LimitToDisplayedSize { get; set; }
}

/// <summary>Faults in force at start.</summary>
public sealed class FaultOptions
{
    /// <summary>Close every new connection at once.</summary>
    public bool RefuseConnects { get; set; }

    /// <summary>Hold each Logon this long before answering it.</summary>
    public TimeSpan LogonDelay { get; set; }

    /// <summary>Hold each ExecutionReport (and cancel reject) this long before sending it.</summary>
    public TimeSpan AckDelay { get; set; }

    /// <summary>Disconnect every logged-on session at this period; null: never.</summary>
    public TimeSpan? DropSessionsEvery { get; set; }
}
