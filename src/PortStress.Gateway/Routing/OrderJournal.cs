using System.Globalization;
using System.Text;
using System.Text.Json;
using PortStress.Execution;
using PortStress.Fix.Engine;

namespace PortStress.Gateway.Routing;

/// <summary>
/// The router's order state on disk, so a restart loses no order: one JSON line per event (order accepted, quantity
/// restated, fill, status, cancel requested), written through to the operating system before the router acts on it
/// (it survives the process being killed; <see cref="FsyncEachAppend"/> also survives a machine crash, at a cost).
/// <see cref="Replay"/> rebuilds every order at start.
/// </summary>
public sealed class OrderJournal : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _sync = new();
    private readonly MemoryStream _line = new(256);
    private readonly Utf8JsonWriter _json;

    /// <summary>Opens (creating or appending to) the journal.</summary>
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
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>True when every event is fsynced.</summary>
    public bool FsyncEachAppend { get; }

    /// <summary>Reads every order in the journal at <paramref name="path"/> (none when the file does not exist).</summary>
    /// <param name="path">The journal file.</param>
    /// <returns>The orders by gateway id, and the highest gateway id seen.</returns>
    public static (Dictionary<long, RoutedOrder> Orders, long LastId) Replay(string path)
    {
        var orders = new Dictionary<long, RoutedOrder>();
        long last = 0;
        if (!File.Exists(path))
        {
            return (orders, last);
        }

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
                if (kind == "new")
                {
                    var session = new SessionId(e.GetProperty("begin").GetString()!, e.GetProperty("sender").GetString()!, e.GetProperty("target").GetString()!);
                    decimal? price = e.TryGetProperty("px", out var px) ? px.GetDecimal() : null;
                    orders[id] = new RoutedOrder(
                        id, session, e.GetProperty("clOrdId").GetString()!, e.GetProperty("venue").GetString()!, e.GetProperty("symbol").GetString()!,
                        (OrderSide)e.GetProperty("side").GetString()![0], e.GetProperty("qty").GetDecimal(), price);
                    continue;
                }

                if (!orders.TryGetValue(id, out var order))
                {
                    continue;
                }

                switch (kind)
                {
                    case "qty":
                        order.Quantity = e.GetProperty("qty").GetDecimal();
                        break;
                    case "fill":
                        var quantity = e.GetProperty("qty").GetDecimal();
                        order.CumulativeQuantity += quantity;
                        order.Notional += quantity * e.GetProperty("px").GetDecimal();
                        break;
                    case "status":
                        order.Status = e.GetProperty("status").GetString()![0];
                        if (e.TryGetProperty("clOrdId", out var renamed))
                        {
                            order.OrigClOrdId = order.ClOrdId;
                            order.ClOrdId = renamed.GetString()!;
                            order.PendingCancelClOrdId = null;
                        }

                        break;
                    case "cancel":
                        order.PendingCancelClOrdId = e.GetProperty("clOrdId").GetString();
                        break;
                    default:
                        break;
                }
            }
        }

        return (orders, last);
    }

    /// <summary>Records a new order.</summary>
    /// <param name="order">The order.</param>
    public void New(RoutedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        Append(order.GatewayId, "new", w =>
        {
            w.WriteString("begin", order.Upstream.BeginString);
            w.WriteString("sender", order.Upstream.SenderCompId);
            w.WriteString("target", order.Upstream.TargetCompId);
            w.WriteString("clOrdId", order.ClOrdId);
            w.WriteString("venue", order.Venue);
            w.WriteString("symbol", order.Symbol);
            w.WriteString("side", ((char)order.Side).ToString());
            w.WriteNumber("qty", order.Quantity);
            if (order.LimitPrice is { } price)
            {
                w.WriteNumber("px", price);
            }
        });
    }

    /// <summary>Records a restated quantity (a trim).</summary>
    /// <param name="id">The gateway id.</param>
    /// <param name="quantity">The new OrderQty.</param>
    public void Quantity(long id, decimal quantity) => Append(id, "qty", w => w.WriteNumber("qty", quantity));

    /// <summary>Records a fill.</summary>
    /// <param name="id">The gateway id.</param>
    /// <param name="quantity">LastQty.</param>
    /// <param name="price">LastPx.</param>
    public void Fill(long id, decimal quantity, decimal price) => Append(id, "fill", w =>
    {
        w.WriteNumber("qty", quantity);
        w.WriteNumber("px", price);
    });

    /// <summary>Records a status change; a cancel's ClOrdID when the order was cancelled on request.</summary>
    /// <param name="id">The gateway id.</param>
    /// <param name="status">OrdStatus.</param>
    /// <param name="clOrdId">The ClOrdID now in force, when it changed.</param>
    public void Status(long id, char status, string? clOrdId = null) => Append(id, "status", w =>
    {
        w.WriteString("status", status.ToString(CultureInfo.InvariantCulture));
        if (clOrdId is not null)
        {
            w.WriteString("clOrdId", clOrdId);
        }
    });

    /// <summary>Records a cancel request sent to the venue.</summary>
    /// <param name="id">The gateway id.</param>
    /// <param name="clOrdId">The cancel request's upstream ClOrdID.</param>
    public void CancelRequested(long id, string clOrdId) => Append(id, "cancel", w => w.WriteString("clOrdId", clOrdId));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_sync)
        {
            _json.Dispose();
            _file.Dispose();
        }
    }

    private void Append(long id, string kind, Action<Utf8JsonWriter> body)
    {
        lock (_sync)
        {
            _line.SetLength(0);
            _json.Reset(_line);
            _json.WriteStartObject();
            _json.WriteString("e", kind);
            _json.WriteNumber("id", id);
            body(_json);
            _json.WriteEndObject();
            _json.Flush();
            _line.WriteByte((byte)'\n');
            _file.Write(_line.GetBuffer(), 0, (int)_line.Length);
            _file.Flush(FsyncEachAppend);
        }
    }
}
