using PortStress.Fix.Protocol.Internal;

namespace PortStress.Fix.Protocol.Dictionary;

/// <summary>One field or group of a layout, in dictionary order (components are flattened).</summary>
/// <param name="Tag">Field tag (for a group: its NumInGroup tag).</param>
/// <param name="Required">True when the dictionary requires it.</param>
/// <param name="Group">The group it opens, or null for a plain field.</param>
public readonly record struct LayoutMember(int Tag, bool Required, GroupDefinition? Group);

/// <summary>
/// The fields a header, trailer, message or group entry may hold, in dictionary order, with
/// components flattened into their parents.
/// </summary>
public class MessageLayout
{
    private readonly TagTable _index;

    internal MessageLayout(string name, IReadOnlyList<LayoutMember> members)
    {
        Name = name;
        MemberArray = [.. members];
        Members = MemberArray;
        _index = new TagTable(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            _index.TryAdd(members[i].Tag, i);
        }

        RequiredTagArray = members.Where(m => m.Required).Select(m => m.Tag).ToArray();
        RequiredTags = RequiredTagArray;
    }

    /// <summary>The layout's name (message name, group name, or Header/Trailer).</summary>
    public string Name { get; }

    /// <summary>Members in dictionary order.</summary>
    public IReadOnlyList<LayoutMember> Members { get; }

    /// <summary>Tags of the required members, in dictionary order.</summary>
    public IReadOnlyList<int> RequiredTags { get; }

    /// <summary>The members as an array, for allocation-free iteration.</summary>
    internal LayoutMember[] MemberArray { get; }

    /// <summary>The required tags as an array, for allocation-free iteration.</summary>
    internal int[] RequiredTagArray { get; }

    /// <summary>The dictionary this layout belongs to.</summary>
    public DataDictionary Owner { get; internal set; } = null!;

    /// <summary>Position of <paramref name="tag"/> in <see cref="Members"/>, or -1.</summary>
    /// <param name="tag">Tag to look up.</param>
    public int IndexOf(int tag) => _index.Find(tag);

    /// <summary>True when the layout holds <paramref name="tag"/>.</summary>
    /// <param name="tag">Tag to look up.</param>
    public bool Contains(int tag) => _index.Find(tag) >= 0;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A repeating group: its NumInGroup tag, its delimiter (first field of every entry) and its entry layout.</summary>
public sealed class GroupDefinition : MessageLayout
{
    internal GroupDefinition(string name, int countTag, IReadOnlyList<LayoutMember> members)
        : base(name, members)
    {
        CountTag = countTag;
        DelimiterTag = members[0].Tag;
    }

    /// <summary>The NumInGroup field that opens the group.</summary>
    public int CountTag { get; }

    /// <summary>The field that must start every entry.</summary>
    public int DelimiterTag { get; }
}

/// <summary>A message type of a dictionary.</summary>
public sealed class MessageDefinition : MessageLayout
{
    internal MessageDefinition(string name, string msgType, bool isAdmin, IReadOnlyList<LayoutMember> members)
        : base(name, members)
    {
        MsgType = msgType;
        IsAdmin = isAdmin;
    }

    /// <summary>The MsgType (35) value.</summary>
    public string MsgType { get; }

    /// <summary>True for session-level (admin) messages.</summary>
    public bool IsAdmin { get; }
}
