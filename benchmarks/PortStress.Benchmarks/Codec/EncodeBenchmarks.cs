using System.Buffers;
using BenchmarkDotNet.Attributes;
using PortStress.Fix.Protocol;

namespace PortStress.Benchmarks.Codec;

/// <summary>Encoding a NewOrderSingle field by field, against copying the finished frame's bytes (the floor).</summary>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private static readonly DateTime Now = new(2026, 11, 24, 14, 30, 1, 123, DateTimeKind.Utc);
    private readonly FixWriter _writer = new();
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private readonly byte[] _canned = CannedMessages.NewOrderSingle;

    [Benchmark(Baseline = true)]
    public int CopyFinishedFrame()
    {
        _output.ResetWrittenCount();
        _output.Write(_canned);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int EncodeNewOrderSingle()
    {
        _output.ResetWrittenCount();
        var w = _writer;
        w.Begin("FIX.4.4"u8, "D"u8);
        w.Write(Tags.MsgSeqNum, 1234L);
        w.Write(Tags.SenderCompID, "GATEWAY"u8);
        w.WriteTimestamp(Tags.SendingTime, Now);
        w.Write(Tags.TargetCompID, "VENUE1"u8);
        w.Write(Tags.Account, "ACCT-7"u8);
        w.Write(Tags.ClOrdID, "ORD-000123"u8);
        w.Write(Tags.HandlInst, '1');
        w.Write(Tags.OrderQty, 200m);
        w.Write(Tags.OrdType, '2');
        w.Write(Tags.Price, 101.25m);
        w.Write(Tags.Side, '1');
        w.Write(Tags.Symbol, "INTC"u8);
        w.Write(Tags.TimeInForce, '0');
        w.WriteTimestamp(Tags.TransactTime, Now);
        w.Write(Tags.ExDestination, "XNAS"u8);
        w.Write(528, 'A');
        return w.Complete(_output);
    }
}
