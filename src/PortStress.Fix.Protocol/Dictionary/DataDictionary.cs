using System.Collections.Frozen;

namespace PortStress.Fix.Protocol.Dictionary;

/// <summary>
/// A FIX data dictionary in the QuickFIX XML format: fields, header, trailer, messages, with
/// components flattened. Immutable once loaded and safe to share between sessions.
/// </summary>
public sealed class DataDictionary
{
    private readonly FieldDefinition?[] _byTag;
    private readonly FrozenDictionary<string, FieldDefinition> _byName;
    private readonly FrozenDictionary<ulong, MessageDefinition> _byMsgType;

    internal DataDictionary(
        string source, string type, int major, int minor, int servicePack,
        IReadOnlyList<FieldDefinition> fields, MessageLayout header, MessageLayout trailer, IReadOnlyList<MessageDefinition> messages)
    {
        Source = source;
        IsTransport = type == "FIXT";
        Major = major;
        Minor = minor;
        ServicePack = servicePack;
        BeginString = IsTransport ? $"FIXT.{major}.{minor}" : $"FIX.{major}.{minor}";
        Version = servicePack > 0 ? $"{BeginString}SP{servicePack}" : BeginString;
        MaxTag = fields.Count == 0 ? 0 : fields.Max(f => f.Tag);
        _byTag = new FieldDefinition?[MaxTag + 1];
        foreach (var f in fields)
        {
            _byTag[f.Tag] = f;
        }

        Fields = fields;
        _byName = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        Header = header;
        Trailer = trailer;
        Messages = messages;
        _byMsgType = messages.ToFrozenDictionary(m => MsgTypeKey.Pack(m.MsgType));
        foreach (var layout in messages.Cast<MessageLayout>().Append(header).Append(trailer))
        {
            SetOwner(layout);
        }

        DataFields = new DataFieldMap(DataPairs(fields, _byName));
    }

    /// <summary>Where the dictionary came from (a path, or a name given by the caller).</summary>
    public string Source { get; }

    /// <summary>True for a transport dictionary (FIXT.1.1).</summary>
    public bool IsTransport { get; }

    /// <summary>Major version.</summary>
    public int Major { get; }

    /// <summary>Minor version.</summary>
    public int Minor { get; }

    /// <summary>Service pack (0 if none).</summary>
    public int ServicePack { get; }

    /// <summary>The BeginString (8) for messages of this dictionary; for FIX 5.0 application dictionaries, <c>FIX.5.0</c>.</summary>
    public string BeginString { get; }

    /// <summary>The version with its service pack, e.g. <c>FIX.5.0SP2</c>.</summary>
    public string Version { get; }

    /// <summary>The highest tag the dictionary defines.</summary>
    public int MaxTag { get; }

    /// <summary>Every field, in file order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>The standard header.</summary>
    public MessageLayout Header { get; }

    /// <summary>The standard trailer.</summary>
    public MessageLayout Trailer { get; }

    /// <summary>Every message type, in file order.</summary>
    public IReadOnlyList<MessageDefinition> Messages { get; }

    /// <summary>Length/data field pairs, for the field reader.</summary>
    public DataFieldMap DataFields { get; }

    /// <summary>Loads a dictionary file.</summary>
    /// <param name="path">Path of a QuickFIX-format XML file.</param>
    public static DataDictionary Load(string path) => DictionaryLoader.Load(path);

    /// <summary>Loads a dictionary from a stream.</summary>
    /// <param name="stream">QuickFIX-format XML.</param>
    /// <param name="sourceName">A name for error messages.</param>
    public static DataDictionary Load(Stream stream, string sourceName) => DictionaryLoader.Load(stream, sourceName);

    /// <summary>The field with this tag, or null.</summary>
    /// <param name="tag">Tag number.</param>
    public FieldDefinition? GetField(int tag) => (uint)tag < (uint)_byTag.Length ? _byTag[tag] : null;

    /// <summary>The field with this name, or null.</summary>
    /// <param name="name">Field name, e.g. <c>ClOrdID</c>.</param>
    public FieldDefinition? GetField(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The message with this MsgType, or null.</summary>
    /// <param name="msgType">MsgType (35) bytes.</param>
    public MessageDefinition? GetMessage(ReadOnlySpan<byte> msgType) =>
        msgType.Length is > 0 and <= 8 ? _byMsgType.GetValueOrDefault(MsgTypeKey.Pack(msgType)) : null;

    /// <summary>The message with this MsgType, or null.</summary>
    /// <param name="msgType">MsgType (35) value.</param>
    public MessageDefinition? GetMessage(string msgType) =>
        msgType.Length is > 0 and <= 8 ? _byMsgType.GetValueOrDefault(MsgTypeKey.Pack(msgType)) : null;

    /// <inheritdoc />
    public override string ToString() => $"{Version} ({Fields.Count} fields, {Messages.Count} messages) from {Source}";

    private void SetOwner(MessageLayout layout)
    {
        layout.Owner = this;
        foreach (var m in layout.Members)
        {
            if (m.Group is not null)
            {
                SetOwner(m.Group);
            }
        }
    }

    /// <summary>A data field's length field is named like it with "Len" or "Length", else it is the tag before.</summary>
    private static IEnumerable<(int, int)> DataPairs(IReadOnlyList<FieldDefinition> fields, FrozenDictionary<string, FieldDefinition> byName)
    {
        var byTag = fields.ToDictionary(f => f.Tag);
        foreach (var f in fields.Where(f => f.Type == FixType.Data))
        {
            var length = byName.GetValueOrDefault(f.Name + "Len") ?? byName.GetValueOrDefault(f.Name + "Length") ?? byTag.GetValueOrDefault(f.Tag - 1);
            if (length is not null && length.Type is FixType.Length or FixType.Int)
            {
                yield return (length.Tag, f.Tag);
            }
        }
    }
}

/// <summary>MsgType values of up to eight bytes packed into one number for lookups.</summary>
internal static class MsgTypeKey
{
    public static ulong Pack(ReadOnlySpan<byte> msgType)
    {
        ulong packed = 0;
        for (var i = 0; i < msgType.Length; i++)
        {
            packed |= (ulong)msgType[i] << (i * 8);
        }

        return packed;
    }

    public static ulong Pack(string msgType)
    {
        ulong packed = 0;
        for (var i = 0; i < msgType.Length; i++)
        {
            packed |= (ulong)(byte)msgType[i] << (i * 8);
        }

        return packed;
    }
}
