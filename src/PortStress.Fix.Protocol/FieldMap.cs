using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Fix.Protocol.Internal;

namespace PortStress.Fix.Protocol;

/// <summary>
/// The fields of a header, body, trailer or group entry. Values live in the owning
/// <see cref="FixMessage"/>'s byte arena, so setting and reading fields does not allocate once
/// the message has been used for a message of the same shape.
/// </summary>
public sealed class FieldMap
{
    private readonly FixMessage _owner;
    private Entry[] _entries = new Entry[16];
    private int _count;

    internal FieldMap(FixMessage owner) => _owner = owner;

    /// <summary>Number of fields (a repeating group counts once, as its NumInGroup field).</summary>
    public int Count => _count;

    /// <summary>The group definition this entry follows, when it is a group entry parsed or built with one.</summary>
    public GroupDefinition? Definition { get; internal set; }

    /// <summary>The tag of the field at <paramref name="index"/> (insertion order).</summary>
    /// <param name="index">0-based position.</param>
    public int TagAt(int index) => _entries[CheckIndex(index)].Tag;

    /// <summary>The value of the field at <paramref name="index"/>; for a group, its entry count.</summary>
    /// <param name="index">0-based position.</param>
    public ReadOnlySpan<byte> ValueAt(int index)
    {
        ref var e = ref _entries[CheckIndex(index)];
        return e.Group is null ? _owner.Slice(e.Start, e.Length) : _owner.CountText(e.Group.Entries.Count);
    }

    /// <summary>True when the field (or group) is present.</summary>
    /// <param name="tag">Tag number.</param>
    public bool Contains(int tag) => Find(tag) >= 0;

    /// <summary>The raw value of a field.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value bytes; valid until the message changes.</param>
    public bool TryGet(int tag, out ReadOnlySpan<byte> value)
    {
        var i = Find(tag);
        if (i < 0)
        {
            value = default;
            return false;
        }

        value = ValueAt(i);
        return true;
    }

    /// <summary>A field as a string (allocates), or null when absent.</summary>
    /// <param name="tag">Tag number.</param>
    public string? GetString(int tag) => TryGet(tag, out var v) ? Encoding.Latin1.GetString(v) : null;

    /// <summary>A field as a FIX int.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public bool TryGetInt32(int tag, out int value)
    {
        value = 0;
        return TryGet(tag, out var v) && FixValue.TryParseInt32(v, out value);
    }

    /// <summary>A field as a 64-bit FIX int.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public bool TryGetInt64(int tag, out long value)
    {
        value = 0;
        return TryGet(tag, out var v) && FixValue.TryParseInt64(v, out value);
    }

    /// <summary>A field as a decimal (Price, Qty, Amt).</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public bool TryGetDecimal(int tag, out decimal value)
    {
        value = 0;
        return TryGet(tag, out var v) && FixValue.TryParseDecimal(v, out value);
    }

    /// <summary>A field as a FIX char.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public bool TryGetChar(int tag, out char value)
    {
        value = default;
        return TryGet(tag, out var v) && FixValue.TryParseChar(v, out value);
    }

    /// <summary>A field as a FIX Boolean.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public bool TryGetBoolean(int tag, out bool value)
    {
        value = false;
        return TryGet(tag, out var v) && FixValue.TryParseBoolean(v, out value);
    }

    /// <summary>A field as a UTCTimestamp.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value (UTC).</param>
    public bool TryGetUtcTimestamp(int tag, out DateTime value)
    {
        value = default;
        return TryGet(tag, out var v) && FixValue.TryParseUtcTimestamp(v, out value, out _);
    }

    /// <summary>A required int field; throws when absent or malformed.</summary>
    /// <param name="tag">Tag number.</param>
    public int GetInt32(int tag)
    {
        if (!TryGet(tag, out var v))
        {
            ThrowHelper.ThrowFieldNotFound(tag);
        }

        if (!FixValue.TryParseInt32(v, out var value))
        {
            ThrowHelper.ThrowFieldFormat(tag, "int");
        }

        return value;
    }

    /// <summary>A required decimal field; throws when absent or malformed.</summary>
    /// <param name="tag">Tag number.</param>
    public decimal GetDecimal(int tag)
    {
        if (!TryGet(tag, out var v))
        {
            ThrowHelper.ThrowFieldNotFound(tag);
        }

        if (!FixValue.TryParseDecimal(v, out var value))
        {
            ThrowHelper.ThrowFieldFormat(tag, "decimal");
        }

        return value;
    }

    /// <summary>Sets a field to raw bytes, replacing any value it had.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">Value bytes.</param>
    public void Set(int tag, ReadOnlySpan<byte> value)
    {
        var start = _owner.Store(value);
        Put(tag, start, value.Length);
    }

    /// <summary>Sets a string field (Latin-1).</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public void Set(int tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = _owner.Reserve(value.Length, out var start);
        Latin1Bytes.Encode(value, span);
        _owner.Commit(value.Length);
        Put(tag, start, value.Length);
    }

    /// <summary>Sets an integer field.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public void Set(int tag, long value)
    {
        var span = _owner.Reserve(20, out var start);
        Utf8Formatter.TryFormat(value, span, out var written);
        _owner.Commit(written);
        Put(tag, start, written);
    }

    /// <summary>Sets a decimal field, keeping its scale.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public void Set(int tag, decimal value)
    {
        var span = _owner.Reserve(40, out var start);
        Utf8Formatter.TryFormat(value, span, out var written);
        _owner.Commit(written);
        Put(tag, start, written);
    }

    /// <summary>Sets a char field.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public void Set(int tag, char value)
    {
        var span = _owner.Reserve(1, out var start);
        span[0] = (byte)value;
        _owner.Commit(1);
        Put(tag, start, 1);
    }

    /// <summary>Sets a Boolean field (<c>Y</c>/<c>N</c>).</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="value">The value.</param>
    public void Set(int tag, bool value) => Set(tag, value ? 'Y' : 'N');

    /// <summary>Sets a UTCTimestamp field.</summary>
    /// <param name="tag">Tag number.</param>
    /// <param name="utc">The time.</param>
    /// <param name="precision">Fractional digits.</param>
    public void SetTimestamp(int tag, DateTime utc, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        var span = _owner.Reserve(32, out var start);
        var written = TimestampFormat.Write(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc, precision, span);
        _owner.Commit(written);
        Put(tag, start, written);
    }

    /// <summary>Removes a field or group.</summary>
    /// <param name="tag">Tag number.</param>
    /// <returns>True if it was present.</returns>
    public bool Remove(int tag)
    {
        var i = Find(tag);
        if (i < 0)
        {
            return false;
        }

        Array.Copy(_entries, i + 1, _entries, i, _count - i - 1);
        _entries[--_count] = default;
        return true;
    }

    /// <summary>Adds an entry to a repeating group (creating the group if needed) and returns it for filling.</summary>
    /// <param name="countTag">The NumInGroup tag, e.g. NoPartyIDs (453).</param>
    /// <param name="delimiterTag">The first field of every entry, e.g. PartyID (448).</param>
    public FieldMap AddGroupEntry(int countTag, int delimiterTag) => AddEntry(countTag, delimiterTag, null);

    /// <summary>Adds an entry to a repeating group described by a dictionary; fields are written in its order.</summary>
    /// <param name="group">The group definition.</param>
    public FieldMap AddGroupEntry(GroupDefinition group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return AddEntry(group.CountTag, group.DelimiterTag, group);
    }

    /// <summary>Number of entries in a repeating group (0 when absent).</summary>
    /// <param name="countTag">The NumInGroup tag.</param>
    public int GroupCount(int countTag)
    {
        var i = Find(countTag);
        return i < 0 ? 0 : _entries[i].Group?.Entries.Count ?? 0;
    }

    /// <summary>One entry of a repeating group.</summary>
    /// <param name="countTag">The NumInGroup tag.</param>
    /// <param name="index">0-based entry.</param>
    public FieldMap GroupEntry(int countTag, int index)
    {
        var i = Find(countTag);
        if (i < 0 || _entries[i].Group is null)
        {
            ThrowHelper.ThrowFieldNotFound(countTag);
        }

        return _entries[i].Group!.Entries[index];
    }

    internal GroupState? GroupAt(int index) => _entries[index].Group;

    /// <summary>Creates an empty group (for parsing: a NumInGroup of 0 stays visible).</summary>
    internal GroupState OpenGroup(int countTag, int delimiterTag, GroupDefinition? definition)
    {
        var group = _owner.RentGroup(countTag, delimiterTag, definition);
        Append(new Entry(countTag, 0, 0, group));
        return group;
    }

    internal FieldMap AddEntry(int countTag, int delimiterTag, GroupDefinition? definition)
    {
        var i = Find(countTag);
        GroupState group;
        if (i >= 0 && _entries[i].Group is { } existing)
        {
            group = existing;
        }
        else
        {
            group = _owner.RentGroup(countTag, delimiterTag, definition);
            if (i >= 0)
            {
                _entries[i] = new Entry(countTag, 0, 0, group);
            }
            else
            {
                Append(new Entry(countTag, 0, 0, group));
            }
        }

        var entry = _owner.RentMap(definition);
        group.Entries.Add(entry);
        return entry;
    }

    /// <summary>Appends a field even if the tag is already present (for parsing).</summary>
    internal void AppendRaw(int tag, ReadOnlySpan<byte> value) => Append(new Entry(tag, _owner.Store(value), value.Length, null));

    internal void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
        Definition = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Find(int tag)
    {
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            if (entries[i].Tag == tag)
            {
                return i;
            }
        }

        return -1;
    }

    private void Put(int tag, int start, int length)
    {
        var i = Find(tag);
        if (i >= 0)
        {
            _entries[i] = new Entry(tag, start, length, null);
        }
        else
        {
            Append(new Entry(tag, start, length, null));
        }
    }

    private void Append(Entry entry)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count++] = entry;
    }

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return index;
    }

    private readonly record struct Entry(int Tag, int Start, int Length, GroupState? Group);
}

/// <summary>A repeating group inside a field map: its tags, definition and entries.</summary>
internal sealed class GroupState
{
    public int CountTag { get; set; }

    public int DelimiterTag { get; set; }

    public GroupDefinition? Definition { get; set; }

    public List<FieldMap> Entries { get; } = [];
}
