namespace PortStress.Fix.Engine.Internal;

/// <summary>One session's settings as text, keyed by QuickFIX name, before any value is parsed.</summary>
internal sealed class RawSession
{
    private readonly Dictionary<string, RawValue> _values = new(StringComparer.Ordinal);
    private readonly Func<string, string> _displayKey;

    /// <param name="source">The file, or the options path of the session.</param>
    /// <param name="headerLine">The line of the [SESSION] header, or null for options.</param>
    /// <param name="headerSection">SESSION for a file, null for options.</param>
    /// <param name="displayKey">How a QuickFIX key is named in this source (identity for files; JSON paths for options).</param>
    public RawSession(string source, int? headerLine, string? headerSection, Func<string, string> displayKey)
    {
        Source = source;
        HeaderLine = headerLine;
        HeaderSection = headerSection;
        _displayKey = displayKey;
    }

    public string Source { get; }

    public int? HeaderLine { get; }

    public string? HeaderSection { get; }

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>True when a line of the session's section (or of [DEFAULT]) could not be taken (reported already): the session is not returned.</summary>
    public bool HasUnreadLines { get; init; }

    /// <summary>Sets a key (a later value replaces an inherited one).</summary>
    public void Set(string key, RawValue value) => _values[key] = value;

    public bool TryGet(string key, out RawValue value) => _values.TryGetValue(key, out value);

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>True when the key is written in the session's own section (not inherited from [DEFAULT]).</summary>
    public bool IsOwn(string key) => _values.TryGetValue(key, out var value) && !value.Inherited;

    public string Display(string key) => _displayKey(key);
}
