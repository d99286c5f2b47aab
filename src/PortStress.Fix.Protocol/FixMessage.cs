using System.Buffers;
using System.Buffers.Text;
using System.Text;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Fix.Protocol;

/// <summary>Why <see cref="FixMessage.Parse"/> stopped.</summary>
public enum MessageParseStatus
{
    /// <summary>Parsed.</summary>
    Ok,

    /// <summary>A field could not be read (see the reader error).</summary>
    Garbled,

    /// <summary>More fields than <see cref="CodecLimits.MaxFieldCount"/>.</summary>
    TooManyFields,

    /// <summary>Groups nested deeper than <see cref="CodecLimits.MaxGroupDepth"/>.</summary>
    GroupsTooDeep,
}

/// <summary>
/// A FIX message for application code: header, body and trailer field maps with nested repeating
/// groups. Reusable: <see cref="Clear"/> keeps its buffers, so parsing or building messages of a
/// steady shape does not allocate. Not thread-safe.
/// </summary>
public sealed class FixMessage
{
    private static readonly int[] HeaderFirst = [Tags.BeginString, Tags.BodyLength, Tags.MsgType, Tags.CheckSum];
    private static readonly int[] TrailerFirst = [Tags.SignatureLength, Tags.Signature, Tags.CheckSum];
    private static readonly HashSet<int> StandardHeader =
    [
        8, 9, 35, 49, 56, 115, 128, 90, 91, 34, 50, 142, 57, 143, 116, 144, 129, 145, 43, 97, 52, 122, 212, 213,
        347, 369, 627, 628, 629, 630, 1128, 1129, 1156,
    ];

    private byte[] _arena = new byte[512];
    private int _used;
    private readonly byte[] _countText = new byte[11];
    private readonly List<FieldMap> _maps = [];
    private int _mapsUsed;
    private readonly List<GroupState> _groups = [];
    private int _groupsUsed;
    private ParseFrame[] _stack = new ParseFrame[9];

    /// <summary>Creates an empty message.</summary>
    public FixMessage()
    {
        Header = new FieldMap(this);
        Body = new FieldMap(this);
        Trailer = new FieldMap(this);
    }

    /// <summary>Standard header fields (8, 35, 49, 56, 34, 52 …). BodyLength and CheckSum are computed when written.</summary>
    public FieldMap Header { get; }

    /// <summary>Body fields and groups.</summary>
    public FieldMap Body { get; }

    /// <summary>Trailer fields (93, 89). CheckSum is computed when written.</summary>
    public FieldMap Trailer { get; }

    /// <summary>The reader error when <see cref="Parse"/> answered <see cref="MessageParseStatus.Garbled"/>.</summary>
    public FieldReadError ParseError { get; private set; }

    /// <summary>MsgType (35) as a string (allocates), or null.</summary>
    public string? MsgType => Header.GetString(Tags.MsgType);

    /// <summary>Empties the message, keeping its buffers.</summary>
    public void Clear()
    {
        Header.Clear();
        Body.Clear();
        Trailer.Clear();
        for (var i = 0; i < _mapsUsed; i++)
        {
            _maps[i].Clear();
        }

        for (var i = 0; i < _groupsUsed; i++)
        {
            _groups[i].Entries.Clear();
        }

        _mapsUsed = 0;
        _groupsUsed = 0;
        _used = 0;
        ParseError = FieldReadError.None;
    }

    /// <summary>
    /// Fills the message from one frame. With a dictionary, header and trailer fields are told
    /// apart by it and repeating groups are nested; without one, the standard header tags are used
    /// and the body is flat. A header field found after body fields still goes to the header. Parsing is lenient (use the validator to judge the message) but keeps
    /// to the caps before it stores anything.
    /// </summary>
    /// <param name="frame">A frame the scanner accepted.</param>
    /// <param name="dictionary">The session (or transport) dictionary, or null.</param>
    /// <param name="application">The application dictionary for FIXT sessions, or null.</param>
    /// <param name="limits">Caps; <see cref="CodecLimits.Default"/> if null.</param>
    public MessageParseStatus Parse(ReadOnlySpan<byte> frame, DataDictionary? dictionary = null, DataDictionary? application = null, CodecLimits? limits = null)
    {
        Clear();
        var caps = limits ?? CodecLimits.Default;
        if (_stack.Length < caps.MaxGroupDepth + 1)
        {
            _stack = new ParseFrame[caps.MaxGroupDepth + 1];
        }

        var dataFields = application is null || ReferenceEquals(application, dictionary) ? dictionary?.DataFields : null;
        var reader = new FieldReader(frame, dataFields);
        var depth = 0;
        var section = 0;
        MessageLayout? body = null;
        var fields = 0;
        while (reader.MoveNext())
        {
            if (++fields > caps.MaxFieldCount)
            {
                return MessageParseStatus.TooManyFields;
            }

            var tag = reader.Tag;
            var value = reader.Value;
            if (tag is Tags.BodyLength or Tags.CheckSum)
            {
                continue;
            }

            while (true)
            {
                FieldMap target;
                MessageLayout? layout;
                if (depth > 0)
                {
                    ref var f = ref _stack[depth];
                    if (tag == f.Group.DelimiterTag)
                    {
                        f.Entry = RentMap(f.Group);
                        f.State.Entries.Add(f.Entry);
                    }
                    else if (f.Entry is null || !f.Group.Contains(tag))
                    {
                        depth--;
                        continue;
                    }

                    target = f.Entry;
                    layout = f.Group;
                }
                else if (section < 2 && (dictionary?.Header.Contains(tag) ?? StandardHeader.Contains(tag)))
                {
                    target = Header;
                    layout = dictionary?.Header;
                }
                else if (section < 2 && !(dictionary?.Trailer.Contains(tag) ?? tag is Tags.SignatureLength or Tags.Signature))
                {
                    if (section == 0)
                    {
                        section = 1;
                        body = ResolveBody(dictionary, application);
                    }

                    target = Body;
                    layout = body;
                }
                else
                {
                    section = 2;
                    target = Trailer;
                    layout = dictionary?.Trailer;
                }

                var group = layout is null ? null : GroupOf(layout, tag);
                if (group is null)
                {
                    target.AppendRaw(tag, value);
                    break;
                }

                if (depth + 1 > caps.MaxGroupDepth)
                {
                    return MessageParseStatus.GroupsTooDeep;
                }

                _stack[++depth] = new ParseFrame(group, target.OpenGroup(tag, group.DelimiterTag, group));
                break;
            }
        }

        if (reader.Error != FieldReadError.None)
        {
            ParseError = reader.Error;
            return MessageParseStatus.Garbled;
        }

        return MessageParseStatus.Ok;
    }

    /// <summary>
    /// Writes the message as a frame: 8, 9, 35, the other header fields in ascending tag order,
    /// body fields in ascending tag order with each group's entries in dictionary order (delimiter
    /// first), trailer (93 before 89), and CheckSum.
    /// </summary>
    /// <param name="writer">A reusable writer.</param>
    /// <param name="output">Destination of the frame.</param>
    /// <returns>Bytes written.</returns>
    public int WriteTo(FixWriter writer, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Header.TryGet(Tags.BeginString, out var beginString) || !Header.TryGet(Tags.MsgType, out var msgType))
        {
            throw new InvalidOperationException("A message needs BeginString (8) and MsgType (35) in its header to be written.");
        }

        writer.Begin(beginString, msgType);
        WriteSorted(Header, writer, HeaderFirst);
        WriteSorted(Body, writer, []);
        foreach (var tag in TrailerFirst.AsSpan(0, 2))
        {
            var i = Trailer.Find(tag);
            if (i >= 0)
            {
                writer.Write(tag, Trailer.ValueAt(i));
            }
        }

        WriteSorted(Trailer, writer, TrailerFirst);
        return writer.Complete(output);
    }

    /// <summary>The message as it goes on the wire, with '|' for SOH (for logs; allocates).</summary>
    public override string ToString()
    {
        var output = new ArrayBufferWriter<byte>(256);
        if (Header.Contains(Tags.BeginString) && Header.Contains(Tags.MsgType))
        {
            WriteTo(new FixWriter(), output);
        }
        else
        {
            foreach (var map in new[] { Header, Body, Trailer })
            {
                for (var i = 0; i < map.Count; i++)
                {
                    var text = Encoding.Latin1.GetBytes($"{map.TagAt(i)}=");
                    output.Write(text);
                    output.Write(map.ValueAt(i));
                    output.Write([Soh.Byte]);
                }
            }
        }

        return Encoding.Latin1.GetString(output.WrittenSpan).Replace((char)Soh.Byte, Soh.Printable);
    }

    internal ReadOnlySpan<byte> Slice(int start, int length) => _arena.AsSpan(start, length);

    internal ReadOnlySpan<byte> CountText(int count)
    {
        Utf8Formatter.TryFormat(count, _countText, out var written);
        return _countText.AsSpan(0, written);
    }

    internal int Store(ReadOnlySpan<byte> value)
    {
        var span = Reserve(value.Length, out var start);
        value.CopyTo(span);
        _used += value.Length;
        return start;
    }

    internal Span<byte> Reserve(int size, out int start)
    {
        if (_used + size > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + size));
        }

        start = _used;
        return _arena.AsSpan(_used, size);
    }

    internal void Commit(int written) => _used += written;

    internal FieldMap RentMap(GroupDefinition? definition)
    {
        if (_mapsUsed == _maps.Count)
        {
            _maps.Add(new FieldMap(this));
        }

        var map = _maps[_mapsUsed++];
        map.Definition = definition;
        return map;
    }

    internal GroupState RentGroup(int countTag, int delimiterTag, GroupDefinition? definition)
    {
        if (_groupsUsed == _groups.Count)
        {
            _groups.Add(new GroupState());
        }

        var group = _groups[_groupsUsed++];
        group.CountTag = countTag;
        group.DelimiterTag = delimiterTag;
        group.Definition = definition;
        return group;
    }

    private static GroupDefinition? GroupOf(MessageLayout layout, int tag)
    {
        var index = layout.IndexOf(tag);
        return index < 0 ? null : layout.MemberArray[index].Group;
    }

    private MessageLayout? ResolveBody(DataDictionary? dictionary, DataDictionary? application)
    {
        if (!Header.TryGet(Tags.MsgType, out var msgType))
        {
            return null;
        }

        return dictionary?.GetMessage(msgType) ?? application?.GetMessage(msgType);
    }

    private static void WriteSorted(FieldMap map, FixWriter writer, ReadOnlySpan<int> skip)
    {
        var count = map.Count;
        Span<long> keys = count <= 64 ? stackalloc long[count] : new long[count];
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            var tag = map.TagAt(i);
            if (!skip.Contains(tag))
            {
                keys[n++] = ((long)tag << 32) | (uint)i;
            }
        }

        keys = keys[..n];
        keys.Sort();
        foreach (var key in keys)
        {
            WriteField(map, (int)(key & 0xFFFFFFFF), writer);
        }
    }

    private static void WriteField(FieldMap map, int index, FixWriter writer)
    {
        var group = map.GroupAt(index);
        if (group is null)
        {
            writer.Write(map.TagAt(index), map.ValueAt(index));
            return;
        }

        writer.Write(group.CountTag, (long)group.Entries.Count);
        foreach (var entry in group.Entries)
        {
            WriteEntry(entry, group, writer);
        }
    }

    private static void WriteEntry(FieldMap entry, GroupState group, FixWriter writer)
    {
        var definition = group.Definition;
        if (definition is not null)
        {
            foreach (var member in definition.MemberArray)
            {
                var i = entry.Find(member.Tag);
                if (i >= 0)
                {
                    WriteField(entry, i, writer);
                }
            }

            for (var i = 0; i < entry.Count; i++)
            {
                if (definition.IndexOf(entry.TagAt(i)) < 0)
                {
                    WriteField(entry, i, writer);
                }
            }

            return;
        }

        var delimiter = entry.Find(group.DelimiterTag);
        if (delimiter >= 0)
        {
            WriteField(entry, delimiter, writer);
        }

        for (var i = 0; i < entry.Count; i++)
        {
            if (i != delimiter)
            {
                WriteField(entry, i, writer);
            }
        }
    }

    private record struct ParseFrame(GroupDefinition Group, GroupState State)
    {
        public FieldMap? Entry { get; set; }
    }
}
