using PortStress.Analytics.Tests.Storage;

namespace PortStress.Analytics.Tests.Measures;

/// <summary>
/// Four children of two parents on one symbol, small enough to compute every measure by hand (the expected values
/// in <see cref="ShortfallDecompositionTests"/> are worked out in the comments there).
/// Mids: 0 s 100.0 (bid 99.9 ask 100.1), 1 s 100.2, 2 s 100.4, 3 s 100.5, 10 s 101.0, 70 s 102.0.
/// Parent 1 buys 1000 (decided 0.5 s, ends 10.5 s); parent 2 sells 800 (decided 2.9 s, ends 10.5 s).
/// A: buy 400, decided 0.5 s, arrives 1.5 s, sent 2.5 s, fills 400 @ 100.5 at 2.6 s (GREEN).
/// B: buy 600, decided, arrives and sent at 2.5 s, fills 200 @ 100.6 at 3.2 s, rest done (YELLOW).
/// C: sell 500, decided, arrives and sent at 3.0 s, fills 500 @ 100.4 at 3.1 s (GREEN).
/// D: sell 300, decided 4.0 s, refused (RED).
/// </summary>
internal static class HandMadeRecords
{
    public const long A = 11, B = 12, C = 21, D = 22;

    public static void Write(RecordFolder folder, string run = "", bool withParents = true)
    {
        folder.Write(run, "mid",
            RecordFolder.Mid(0, "XYZ", 99.9m, 100.1m),
            RecordFolder.Mid(1, "XYZ", 100.1m, 100.3m),
            RecordFolder.Mid(2, "XYZ", 100.3m, 100.5m),
            RecordFolder.Mid(3, "XYZ", 100.4m, 100.6m),
            RecordFolder.Mid(10, "XYZ", 100.9m, 101.1m),
            RecordFolder.Mid(70, "XYZ", 101.9m, 102.1m));
        folder.Write(run, "order",
            RecordFolder.Order(A, 1, "buy", 400, decision: 0.5, arrival: 1.5, sent: 2.5),
            RecordFolder.Order(B, 1, "buy", 600, decision: 2.5, arrival: 2.5, sent: 2.5, decidedState: "YELLOW", p: 0.6),
            RecordFolder.Order(C, 2, "sell", 500, decision: 3.0, arrival: 3.0, sent: 3.0),
            RecordFolder.Order(D, 2, "sell", 300, decision: 4.0, arrival: 4.0, sent: null, decidedState: "RED", p: 0.95));
        folder.Write(run, "order_event",
            RecordFolder.Event(A, 1, "acknowledged", 2.55),
            RecordFolder.Event(A, 1, "filled", 2.6, 400, 100.5m),
            RecordFolder.Event(A, 1, "done", 2.6),
            RecordFolder.Event(A, 1, "done", 2.6),
            RecordFolder.Event(B, 1, "acknowledged", 2.55),
            RecordFolder.Event(B, 1, "filled", 3.2, 200, 100.6m),
            RecordFolder.Event(B, 1, "done", 3.5, 400),
            RecordFolder.Event(C, 2, "filled", 3.1, 500, 100.4m),
            RecordFolder.Event(C, 2, "done", 3.1));
        if (withParents)
        {
            folder.Write(run, "parent",
                RecordFolder.Parent(1, "buy", 1000, decision: 0.5, end: 10.5, filled: 600),
                RecordFolder.Parent(2, "sell", 800, decision: 2.9, end: 10.5, filled: 500));
        }

        folder.Write(run, "ticks",
            RecordFolder.Tick(0, "GREEN", 0.1, 0),
            RecordFolder.Tick(2.5, "YELLOW", 0.6, 0.2),
            RecordFolder.Tick(4, "RED", 0.95, 0.5));
    }
}
