using System.Globalization;
using System.Text;
using System.Text.Json;
using PortStress.Execution;
using PortStress.Fix.Engine;

namespace PortStress.Gateway.Routing;

/// <summary>What <see cref="OrderJournal.Replay"/> rebuilt.</summary>
/// <param name="Orders">The orders by gateway id.</param>
/// <param name="LastId">The highest gateway id (orders and cancel/replace requests) used.</param>
/// <param name="Epoch">How many times the journal has been opened before (a part of upstream ExecIDs, so they stay unique across restarts).</param>
/// <param name="Requests">The orders' cancel/replace request ids (venue-side ClOrdIDs) and the order each belongs to.</param>
public sealed record JournalState(Dictionary<long, RoutedOrder> Orders, long LastId, int Epoch, Dictionary<long, long> Requests);

/// <summary>
/// The router's order state on disk, so a restart loses no order: one JSON line per event (order accepted, sent to
/// the venue, quantity restated, fill with the venue's ExecID, status, cancel or replace requested, replaced, request
/// answered, report delivered upstream), written through to the operating system before the router acts on it (it
/// survives the process being killed; <see cref="FsyncEachAppend"/> also survives a machine crash, at a cost).
/// Two kinds of event are written with the next one instead (at most <see cref="DeferredFlushInterval"/> later): "sent"
/// (a restart learns it from the venue stores) and "reported" (a restart that misses it re-reports the order's status);
/// losing them to a kill costs nothing more, and it halves the write() calls per order.
/// <see cref="Replay"/> rebuilds every order at start. State events carry the order's version; a "reported" event
/// says which version upstream has been told, so a restart re-reports what it had not.
/// </summary>
public sealed class OrderJournal : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _sync = new();
    private readonly MemoryStream _line = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly Timer _deferredFlush;
    private bool _disposed;

    /// <summary>Opens (creating or appending to) the journal and records the start.</summary>
    /// <param name="path">The journal file.</param>
    /// <param name="fsyncEachAppend">fsync after every event (machine-crash safe) rather than only writing it through.</param>
    public OrderJournal(string path, bool fsyncEachAppend = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        FsyncEachAppend = fsyncEachAppend;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1);
        _json = new Utf8JsonWriter(_line);
        Append(0, "start", 0, static (_, _) => { });
        _deferredFlush = new Timer(static journal => ((OrderJournal)journal!).FlushDeferred(), this, DeferredFlushInterval, DeferredFlushInterval);
    }

    /// <summary>How long a deferred event ("sent", "reported") may wait for the next written-through one before it is written on its own.</summary>
    public static TimeSpan DeferredFlushInterval { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>True when every event is fsynced.</summary>
    public bool FsyncEachAppend { get; }

    /// <summary>Reads every order in the journal at <paramref name="path"/> (none when the file does not exist).</summary>
    /// <param name="path">The journal file.</param>
    /// <returns>The orders, the last id used, the epoch and the request ids.</returns>
    public static JournalState Replay(string path)
    {
        var state = new JournalState([], 0, 0, []);
        if (!File.Exists(path))
        {
            return state;
        }

        var orders = state.Orders;
        long last = 0;
        var epoch = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (line.Length == 0)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                // A torn last line (the process died mid-write): everything before it stands.
                break;
            }

            using (document)
            {
                var e = document.RootElement;
                var id = e.GetProperty("id").GetInt64();
                last = Math.Max(last, id);
                var kind = e.GetProperty("e").GetString();
                if (kind == "start")
                {
                    epoch++;
                    continue;
                }

                if (kind == "new")
                {
                    var session = new SessionId(e.GetProperty("begin").GetString()!, e.GetProperty("sender").GetString()!, e.GetProperty("target").GetString()!,
                        e.TryGetProperty("qual", out var qualifier) ? qualifier.GetString()! : string.Empty);
                    decimal? price = e.TryGetProperty("px", out var px) ? px.GetDecimal() : null;
                    var order = new RoutedOrder(
                        id, session, e.GetProperty("clOrdId").GetString()!, e.GetProperty("venue").GetString()!, e.GetProperty("symbol").GetString()!,
                        (OrderSide)e.GetProperty("side").GetString()![0], e.GetProperty("qty").GetDecimal(), price)
                    {
                        Urgency = e.TryGetProperty("urg", out var urgency) ? (Urgency)urgency.GetInt32() : Urgency.Normal,
                        UrgencyOverride = e.TryGetProperty("ovr", out var over) && over.GetBoolean(),
                    };
                    Versioned(order, e);
                    orders[id] = order;
                    continue;
                }

                if (!orders.TryGetValue(id, out var o))
                {
                    continue;
                }

                Apply(o, kind, e, state.Requests, ref last);
            }
        }

        return state with { LastId = last, Epoch = epoch };
    }

    /// <summary>Records a new order (version 1).</summary>
    /// <param name="order">The order.</param>
    public void New(RoutedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.Version++;
        Append(order.GatewayId, "new", order, static (w, order) =>
        {
            w.WriteString("begin", order.Upstream.BeginString);
            w.WriteString("sender", order.Upstream.SenderCompId);
            w.WriteString("target", order.Upstream.TargetCompId);
            if (order.Upstream.Qualifier.Length > 0)
            {
                w.WriteString("qual", order.Upstream.Qualifier);
            }

            w.WriteString("clOrdId", order.ClOrdId);
            w.WriteString("venue", order.Venue);
            w.WriteString("symbol", order.Symbol);
            w.WriteString("side", ((char)order.Side).ToString());
            w.WriteNumber("qty", order.Quantity);
            if (order.LimitPrice is { } price)
            {
                w.WriteNumber("px", price);
            }

            w.WriteNumber("urg", (int)order.Urgency);
            if (order.UrgencyOverride)
            {
                w.WriteBoolean("ovr", true);
            }

            w.WriteNumber("v", order.Version);
        });
    }

    /// <summary>Records that the gate sent the order on <paramref name="session"/>.</summary>
    /// <param name="id">The gateway id.</param>
    /// <param name="session">The venue session's name.</param>
    public void Sent(long id, string? session) => Append(id, "sent", session, static (w, session) => w.WriteString("session", session), deferred: true);

    /// <summary>Records a restated quantity (a trim).</summary>
    /// <param name="order">The order, its quantity already changed (call under its lock).</param>
    public void Quantity(RoutedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        State(order, "qty", order.Quantity, static (w, quantity) => w.WriteNumber("qty", quantity));
    }

    /// <summary>Records a fill.</summary>
    /// <param name="order">The order (call under its lock).</param>
    /// <param name="quantity">LastQty.</param>
    /// <param name="price">LastPx.</param>
    /// <param name="execId">The venue's ExecID, or null.</param>
    public void Fill(RoutedOrder order, decimal quantity, decimal price, string? execId)
    {
        ArgumentNullException.ThrowIfNull(order);
        State(order, "fill", (quantity, price, execId), static (w, fill) =>
        {
            w.WriteNumber("qty", fill.quantity);
            w.WriteNumber("px", fill.price);
            if (fill.execId is not null)
            {
                w.WriteString("exec", fill.execId);
            }
        });
    }

    /// <summary>Records a status change; a cancel's ClOrdID when the order was cancelled on request.</summary>
    /// <param name="order">The order, its status already changed (call under its lock).</param>
    /// <param name="clOrdId">The ClOrdID now in force, when it changed.</param>
    public void Status(RoutedOrder order, string? clOrdId = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        State(order, "status", (order.Status, clOrdId), static (w, status) =>
        {
            Span<char> code = [status.Status];
            w.WriteString("status", code);
            if (status.clOrdId is not null)
            {
                w.WriteString("clOrdId", status.clOrdId);
            }
        });
    }

    /// <summary>Records a cancel or replace request sent to the venue (before it is sent).</summary>
    /// <param name="id">The gateway id.</param>
    /// <param name="request">The request.</param>
    public void Requested(long id, PendingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Append(id, "request", request, static (w, request) =>
        {
            w.WriteString("kind", request.IsReplace ? "G" : "F");
            w.WriteNumber("req", request.RequestId);
            w.WriteString("clOrdId", request.ClOrdId);
            w.WriteNumber("qty", request.Quantity);
            if (request.LimitPrice is { } price)
            {
                w.WriteNumber("px", price);
            }

            if (request.Note is not null)
            {
                w.WriteString("note", request.Note);
            }
        });
    }

    /// <summary>Records that the venue accepted the pending replace (the order's fields already changed).</summary>
    /// <param name="order">The order (call under its lock).</param>
    public void Replaced(RoutedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        State(order, "replaced", 0, static (_, _) => { });
    }

    /// <summary>Records that the pending request was answered without changing the order (rejected, or lost in a restart).</summary>
    /// <param name="order">The order (call under its lock).</param>
    public void RequestDone(RoutedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        State(order, "reqdone", 0, static (_, _) => { });
    }

    /// <summary>Records that a report showing <paramref name="version"/> went out on the upstream session.</summary>
    /// <param name="id">The gateway id.</param>
    /// <param name="version">The order's version the report showed.</param>
    public void Reported(long id, int version) => Append(id, "rep", version, static (w, version) => w.WriteNumber("v", version), deferred: true);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _deferredFlush.Dispose();
            WriteBuffered();
            _file.Flush(flushToDisk: true);
            _json.Dispose();
            _file.Dispose();
        }
    }

    private static void Apply(RoutedOrder order, string? kind, JsonElement e, Dictionary<long, long> requests, ref long last)
    {
        switch (kind)
        {
            case "sent":
                order.Sent = true;
                order.VenueSession = e.GetProperty("session").GetString();
                return;
            case "rep":
                order.ReportedVersion = Math.Max(order.ReportedVersion, e.GetProperty("v").GetInt32());
                return;
            case "request":
                var requestId = e.GetProperty("req").GetInt64();
                last = Math.Max(last, requestId);
                requests[requestId] = order.GatewayId;
                order.AddRequest(requestId);
                order.Pending = new PendingRequest(
                    e.GetProperty("kind").GetString() == "G", requestId, e.GetProperty("clOrdId").GetString()!, e.GetProperty("qty").GetDecimal(),
                    e.TryGetProperty("px", out var requestPx) ? requestPx.GetDecimal() : null,
                    e.TryGetProperty("note", out var note) ? note.GetString() : null);
                return;
            case "qty":
                order.Quantity = e.GetProperty("qty").GetDecimal();
                break;
            case "fill":
                var quantity = e.GetProperty("qty").GetDecimal();
                order.CumulativeQuantity += quantity;
                order.Notional += quantity * e.GetProperty("px").GetDecimal();
                order.Status = order.CumulativeQuantity >= order.Quantity ? '2' : '1';
                if (e.TryGetProperty("exec", out var exec))
                {
                    order.AddFillExecId(exec.GetString()!);
                }

                break;
            case "status":
                order.Status = e.GetProperty("status").GetString()![0];
                if (e.TryGetProperty("clOrdId", out var renamed))
                {
                    order.Rename(renamed.GetString()!);
                    order.Pending = null;
                }

                break;
            case "replaced":
                if (order.Pending is { IsReplace: true } replace)
                {
                    ApplyReplace(order, replace);
                }

                break;
            case "reqdone":
                order.Pending = null;
                break;
            default:
                return;
        }

        Versioned(order, e);
    }

    /// <summary>Applies an accepted replace to the order: the new ClOrdIDs, quantity and price (call under its lock).</summary>
    /// <param name="order">The order.</param>
    /// <param name="replace">The replace the venue accepted.</param>
    internal static void ApplyReplace(RoutedOrder order, PendingRequest replace)
    {
        order.Rename(replace.ClOrdId);
        order.Quantity = replace.Quantity;
        order.LimitPrice = replace.LimitPrice;
        order.VenueClOrdId = replace.RequestId;
        order.Pending = null;
    }

    private static void Versioned(RoutedOrder order, JsonElement e)
    {
        if (e.TryGetProperty("v", out var version))
        {
            order.Version = Math.Max(order.Version, version.GetInt32());
        }
    }

    private void State<TState>(RoutedOrder order, string kind, TState state, Action<Utf8JsonWriter, TState> body)
    {
        order.Version++;
        Append(order.GatewayId, kind, (state, body, order.Version), static (w, s) =>
        {
            s.body(w, s.state);
            w.WriteNumber("v", s.Version);
        });
    }

    // One JSON line into the buffer; a written-through event then writes the buffer (deferred events before it
    // included) to the operating system in one write() before the caller acts on it.
    private void Append<TState>(long id, string kind, TState state, Action<Utf8JsonWriter, TState> body, bool deferred = false)
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _json.Reset(_line);
            _json.WriteStartObject();
            _json.WriteString("e", kind);
            _json.WriteNumber("id", id);
            body(_json, state);
            _json.WriteEndObject();
            _json.Flush();
            _line.WriteByte((byte)'\n');
            if (!deferred || _line.Length >= 64 * 1024)
            {
                WriteBuffered();
            }
        }
    }

    // The timer's turn: deferred events that no written-through event has carried yet.
    private void FlushDeferred()
    {
        lock (_sync)
        {
            if (!_disposed)
            {
                WriteBuffered();
            }
        }
    }

    private void WriteBuffered()
    {
        if (_line.Length == 0)
        {
            return;
        }

        _file.Write(_line.GetBuffer(), 0, (int)_line.Length);
        _file.Flush(FsyncEachAppend);
        _line.SetLength(0);
    }
}
