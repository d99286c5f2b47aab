using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortStress.Fix.Protocol.Validation;
using PortStress.Testing;

namespace PortStress.Fix.Protocol.Tests;

public class CodecProperties
{
    private static readonly int[] Reserved = [8, 9, 10, 35, 89, 90, 91, 93, 95, 96, 212, 213, 348, 349, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 360, 361, 362, 363, 364, 365, 445, 446, 618, 619, 621, 622];

    /// <summary>A random message: (tag, value) pairs, values printable without SOH, optionally one data field holding SOH.</summary>
    private static Arbitrary<(string MsgType, (int Tag, byte[] Value)[] Fields)> Messages()
    {
        var value = Gen.Choose(0x20, 0x7E).Select(c => (byte)c).ArrayOf().Where(a => a.Length is > 0 and < 40);
        var tag = Gen.Choose(1, 20000).Where(t => !Reserved.Contains(t));
        var field = tag.SelectMany(t => value.Select(v => (t, v)));
        var data = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Where(a => a.Length < 30).Select(d => (95, d));
        var fields = field.ListOf().Where(l => l.Count < 60)
            .SelectMany(l => Gen.Elements(true, false).SelectMany(withData => data.Select(d => withData ? l.Append(d).ToArray() : l.ToArray())));
        var msgType = Gen.Elements("0", "D", "8", "AE", "XLR");
        return msgType.SelectMany(m => fields.Select(f => (m, f))).ToArbitrary();
    }

    private static byte[] Write((string MsgType, (int Tag, byte[] Value)[] Fields) message)
    {
        var writer = new FixWriter(64);
        writer.Begin("FIX.4.4", message.MsgType);
        foreach (var (tag, value) in message.Fields)
        {
            if (tag == 95)
            {
                writer.WriteData(95, 96, value);
            }
            else
            {
                writer.Write(tag, value);
            }
        }

        var output = new ArrayBufferWriter<byte>();
        writer.Complete(output);
        return output.WrittenSpan.ToArray();
    }

    [Property(MaxTest = 300)]
    public Property Written_messages_scan_and_read_back_equal() => Prop.ForAll(Messages(), message =>
    {
        var frame = Write(message);
        var scan = new FrameScanner().Scan(frame);
        if (scan.Status != ScanStatus.Done || scan.Consumed != frame.Length)
        {
            return false;
        }

        var reader = new FieldReader(frame);
        var read = new List<(int, byte[])>();
        while (reader.MoveNext())
        {
            read.Add((reader.Tag, reader.Value.ToArray()));
        }

        var expected = new List<(int, byte[])> { (8, "FIX.4.4"u8.ToArray()) };
        expected.Add((9, System.Text.Encoding.ASCII.GetBytes((frame.Length - frame.AsSpan().IndexOf("35="u8) - 7).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        expected.Add((35, System.Text.Encoding.ASCII.GetBytes(message.MsgType)));
        foreach (var (tag, value) in message.Fields)
        {
            if (tag == 95)
            {
                expected.Add((95, System.Text.Encoding.ASCII.GetBytes(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                expected.Add((96, value));
            }
            else
            {
                expected.Add((tag, value));
            }
        }

        return reader.Error == FieldReadError.None
            && read.Count == expected.Count + 1
            && read.Zip(expected).All(p => p.First.Item1 == p.Second.Item1 && p.First.Item2.AsSpan().SequenceEqual(p.Second.Item2))
            && read[^1].Item1 == Tags.CheckSum;
    });

    private static Arbitrary<(int Kind, int Position, int Extra)> Mutations() =>
        Gen.Choose(0, 4).SelectMany(k => Gen.Choose(0, 10_000).SelectMany(p => Gen.Choose(0, 255).Select(e => (k, p, e)))).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Mutated_frames_never_throw_hang_or_allocate() => Prop.ForAll(Mutations(), m =>
    {
        var frame = Mutate(Frames.ExecutionReport().Concat(Frames.NewOrderSingle("453=1|448=A|447=D|452=1|")).ToArray(), m.Kind, m.Position, m.Extra);
        var scanner = new FrameScanner(new CodecLimits { MaxBodyLength = 4096 });
        var validator = new MessageValidator(Frames.Fix44);
        Consume(frame, scanner, validator);
        var steps = 0;
        var allocated = Allocations.LeastPerRound(() => steps = Consume(frame, scanner, validator), rounds: 3);
        return steps <= frame.Length + 1 && allocated == 0;
    });

    [Property(MaxTest = 500)]
    public Property Mutated_bodies_with_a_correct_checksum_are_judged_without_throwing_or_allocating() => Prop.ForAll(Mutations(), m =>
    {
        // Mutate only the body, then recompute BodyLength and CheckSum so the validator sees it.
        var original = Frames.NewOrderSingle("453=1|448=A|447=D|452=1|802=1|523=x|803=1|");
        var bodyStart = original.AsSpan().IndexOf("35="u8);
        var bodyEnd = original.Length - 7;
        var body = Mutate(original[bodyStart..bodyEnd], m.Kind, m.Position, m.Extra);
        var frame = Reseal(body);
        var validator = new MessageValidator(Frames.Fix44);
        var scanner = new FrameScanner();
        Consume(frame, scanner, validator);
        var steps = 0;
        var allocated = Allocations.LeastPerRound(() => steps = Consume(frame, scanner, validator), rounds: 3);
        return steps <= frame.Length + 1 && allocated == 0;
    });

    private static byte[] Reseal(byte[] body)
    {
        var head = System.Text.Encoding.ASCII.GetBytes($"8=FIX.4.4\u00019={body.Length}\u0001");
        var frame = head.Concat(body).ToArray();
        var trailer = System.Text.Encoding.ASCII.GetBytes($"10={Checksum.Compute(frame):D3}\u0001");
        return frame.Concat(trailer).ToArray();
    }

    /// <summary>Scans the whole buffer frame by frame, reads and validates each; returns the number of steps.</summary>
    private static int Consume(byte[] buffer, FrameScanner scanner, MessageValidator validator)
    {
        var offset = 0;
        var steps = 0;
        while (offset < buffer.Length && steps <= buffer.Length)
        {
            steps++;
            var result = scanner.Scan(buffer.AsSpan(offset));
            if (result.Status == ScanStatus.NeedMoreData)
            {
                break;
            }

            if (result.Consumed <= 0)
            {
                return int.MaxValue;
            }

            if (result.Status == ScanStatus.Done)
            {
                var frame = buffer.AsSpan(offset, result.Consumed);
                var reader = new FieldReader(frame);
                while (reader.MoveNext())
                {
                }

                validator.Validate(frame);
            }

            offset += result.Consumed;
        }

        return steps;
    }

    private static byte[] Mutate(byte[] frame, int kind, int position, int extra)
    {
        var p = position % frame.Length;
        var list = frame.ToList();
        switch (kind)
        {
            case 0:
                list[p] ^= (byte)(1 << (extra % 8));
                break;
            case 1:
                list.RemoveRange(p, list.Count - p);
                break;
            case 2:
                list.InsertRange(p, Enumerable.Repeat((byte)extra, 1 + (extra % 5)));
                break;
            case 3:
                {
                    // Duplicate the field that starts after the SOH before p.
                    var start = frame.AsSpan(0, p).LastIndexOf(Soh.Byte) + 1;
                    var end = frame.AsSpan(start).IndexOf(Soh.Byte);
                    if (end > 0)
                    {
                        list.InsertRange(start, frame.AsSpan(start, end + 1).ToArray());
                    }

                    break;
                }

            default:
                list.RemoveAt(p);
                break;
        }

        return [.. list];
    }
}
