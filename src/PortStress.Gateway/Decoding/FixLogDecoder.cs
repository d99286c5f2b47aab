using System.Text;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Gateway.Decoding;

/// <summary>
/// Finds FIX messages in a log or capture: raw SOH frames, <c>|</c>-separated text, or log lines
/// with a prefix before <c>8=</c>. Every frame becomes a decoded message; every stretch of bytes
/// that is not one becomes a one-line reason, and decoding carries on.
/// </summary>
internal sealed class FixLogDecoder
{
    private readonly FrameScanner _scanner;
    private readonly DictionaryCatalog _dictionaries;
    private readonly bool _validate;
    private int _index;

    public FixLogDecoder(DictionaryCatalog dictionaries, bool validate, CodecLimits? limits = null)
    {
        _dictionaries = dictionaries;
        _validate = validate;
        _scanner = new FrameScanner(limits);
    }

    public IEnumerable<DecodedItem> Decode(byte[] input)
    {
        var lineNumber = 0;
        var start = 0;
        while (start < input.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(input, (byte)'\n', start);
            var line = input.AsMemory(start, (end < 0 ? input.Length : end) - start);
            start = end < 0 ? input.Length : end + 1;
            foreach (var item in DecodeLine(line, lineNumber))
            {
                yield return item;
            }
        }
    }

    private IEnumerable<DecodedItem> DecodeLine(ReadOnlyMemory<byte> line, int lineNumber)
    {
        var trimmed = line.Span.TrimEnd("\r \t"u8);
        if (trimmed.IsEmpty)
        {
            yield break;
        }

        var at = trimmed.IndexOf("8=FIX"u8);
        if (at < 0)
        {
            yield return Problem(lineNumber, DecodedKind.Rejected, "no FIX message on this line", trimmed.Length);
            yield break;
        }

        // A message written with '|' for SOH is turned back into SOH before it is scanned.
        var bytes = trimmed[at..].ToArray();
        if (bytes.AsSpan().IndexOf(Soh.Byte) < 0)
        {
            bytes.AsSpan().Replace((byte)Soh.Printable, Soh.Byte);
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            var result = _scanner.Scan(bytes.AsSpan(offset));
            switch (result.Status)
            {
                case ScanStatus.Done:
                    yield return Message(lineNumber, bytes.AsSpan(offset, result.Consumed));
                    offset += result.Consumed;
                    break;
                case ScanStatus.Invalid:
                    yield return Problem(lineNumber, DecodedKind.Rejected, result.Describe(), result.Consumed);
                    offset += result.Consumed;
                    break;
                default:
                    yield return Problem(lineNumber, DecodedKind.Truncated, $"{result.Describe()} ({bytes.Length - offset} bytes present)", bytes.Length - offset);
                    offset = bytes.Length;
                    break;
            }
        }
    }

    private DecodedItem Problem(int line, DecodedKind kind, string reason, int length) =>
        new(++_index, line, kind, reason, null, null, null, length, [], null, null);

    private DecodedItem Message(int line, ReadOnlySpan<byte> frame)
    {
        var beginString = FirstValue(frame);
        var (transport, application, validator, problem) = _dictionaries.For(beginString);
        var fields = new List<DecodedField>();
        var reader = new FieldReader(frame, validator?.DataFields);
        string? msgType = null;
        while (reader.MoveNext())
        {
            var value = Text(reader.Value);
            if (reader.Tag == Tags.MsgType)
            {
                msgType = value;
            }

            var definition = Lookup(reader.Tag, transport, application);
            fields.Add(new DecodedField(reader.Tag, definition?.Name, value, definition?.Describe(reader.Value)));
        }

        var message = msgType is null ? null : transport?.GetMessage(msgType) ?? application?.GetMessage(msgType);
        ValidationResult? validation = _validate && validator is not null ? validator.Validate(frame) : null;
        var reason = reader.Error != FieldReadError.None
            ? $"fields unreadable from byte {reader.FieldOffset}: {reader.Error}"
            : _validate && validator is null ? $"not validated: {problem}" : null;
        return new DecodedItem(++_index, line, DecodedKind.Message, reason, beginString, msgType, message?.Name, frame.Length, fields, transport, validation);
    }

    private static FieldDefinition? Lookup(int tag, DataDictionary? transport, DataDictionary? application) =>
        transport?.GetField(tag) ?? application?.GetField(tag);

    private static string FirstValue(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        return reader.MoveNext() ? Text(reader.Value) : string.Empty;
    }

    /// <summary>Latin-1 text with SOH shown as '|' and other control bytes as '?'.</summary>
    private static string Text(ReadOnlySpan<byte> value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in value)
        {
            builder.Append(b == Soh.Byte ? Soh.Printable : b < 0x20 || b == 0x7F ? '?' : (char)b);
        }

        return builder.ToString();
    }
}
