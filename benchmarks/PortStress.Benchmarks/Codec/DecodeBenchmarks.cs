using BenchmarkDotNet.Attributes;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Benchmarks.Codec;

/// <summary>
/// Scanning, field iteration, typed reads and validation of one canned frame, against a baseline
/// that makes one raw pass over the same bytes summing the checksum and counting SOH.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private byte[] _frame = [];
    private readonly FrameScanner _scanner = new();
    private MessageValidator _validator = null!;

    [Params(nameof(CannedMessages.NewOrderSingle), nameof(CannedMessages.ExecutionReport))]
    public string Message { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _frame = CannedMessages.Get(Message);
        _validator = new MessageValidator(DataDictionary.Load(RepositoryFiles.Dictionary("FIX44.xml")));
        if (!_validator.Validate(_frame).IsValid)
        {
            throw new InvalidOperationException("the canned frame must be valid: " + _validator.Validate(_frame));
        }
    }

    [Benchmark(Baseline = true)]
    public int RawPass()
    {
        uint sum = 0;
        var soh = 0;
        foreach (var b in _frame)
        {
            sum += b;
            soh += b == Soh.Byte ? 1 : 0;
        }

        return (int)(sum & 0xFF) + soh;
    }

    [Benchmark]
    public int ScanAndIterate()
    {
        var result = _scanner.Scan(_frame);
        var reader = new FieldReader(_frame.AsSpan(0, result.Consumed));
        var acc = 0;
        while (reader.MoveNext())
        {
            acc += reader.Tag + reader.Value.Length;
        }

        return acc;
    }

    [Benchmark]
    public decimal TypedRead10()
    {
        var reader = new FieldReader(_frame);
        decimal acc = 0;
        while (reader.MoveNext())
        {
            switch (reader.Tag)
            {
                case Tags.MsgSeqNum or Tags.OrderQty or Tags.CumQty or Tags.LeavesQty:
                    acc += reader.TryGetInt64(out var l) ? l : 0;
                    break;
                case Tags.Price or Tags.AvgPx or Tags.LastPx:
                    acc += reader.TryGetDecimal(out var d) ? d : 0;
                    break;
                case Tags.Side or Tags.OrdType:
                    acc += reader.TryGetChar(out var c) ? c : 0;
                    break;
                case Tags.SendingTime:
                    acc += reader.TryGetUtcTimestamp(out var t) ? t.Millisecond : 0;
                    break;
            }
        }

        return acc;
    }

    [Benchmark]
    public bool Validate() => _validator.Validate(_frame).IsValid;
}
