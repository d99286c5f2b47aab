using System.Xml;
using System.Xml.Linq;

namespace PortStress.Fix.Protocol.Dictionary;

/// <summary>Reads the QuickFIX XML dictionary format into a <see cref="DataDictionary"/>.</summary>
internal sealed class DictionaryLoader
{
    private readonly string _source;
    private readonly Dictionary<string, FieldDefinition> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XElement> _components = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expanding = new(StringComparer.Ordinal);

    private DictionaryLoader(string source) => _source = source;

    public static DataDictionary Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new DictionaryException($"Dictionary file '{path}' does not exist.");
        }

        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    public static DataDictionary Load(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true, XmlResolver = null });
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new DictionaryException($"{sourceName}: not well-formed XML: {e.Message}", e);
        }

        return new DictionaryLoader(sourceName).Build(doc);
    }

    private DataDictionary Build(XDocument doc)
    {
        var root = doc.Root;
        if (root is null || root.Name.LocalName != "fix")
        {
            throw Error(root, "the root element must be <fix>");
        }

        var type = (string?)root.Attribute("type") ?? "FIX";
        if (type is not ("FIX" or "FIXT"))
        {
            throw Error(root, $"type '{type}' is neither FIX nor FIXT");
        }

        var major = IntAttribute(root, "major");
        var minor = IntAttribute(root, "minor");
        var servicePack = root.Attribute("servicepack") is null ? 0 : IntAttribute(root, "servicepack");

        var fields = new List<FieldDefinition>();
        var seenTags = new HashSet<int>();
        foreach (var f in Section(root, "fields")!.Elements("field"))
        {
            var def = ReadField(f);
            if (!seenTags.Add(def.Tag))
            {
                throw Error(f, $"field number {def.Tag} is defined twice");
            }

            if (!_fields.TryAdd(def.Name, def))
            {
                throw Error(f, $"field name '{def.Name}' is defined twice");
            }

            fields.Add(def);
        }

        foreach (var c in Section(root, "components", optional: true)?.Elements("component") ?? [])
        {
            var name = RequiredAttribute(c, "name");
            if (!_components.TryAdd(name, c))
            {
                throw Error(c, $"component '{name}' is defined twice");
            }
        }

        var header = new MessageLayout("Header", Members(Section(root, "header", optional: true), true));
        var trailer = new MessageLayout("Trailer", Members(Section(root, "trailer", optional: true), true));
        var messages = new List<MessageDefinition>();
        var msgTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in Section(root, "messages", optional: true)?.Elements("message") ?? [])
        {
            var name = RequiredAttribute(m, "name");
            var msgType = RequiredAttribute(m, "msgtype");
            if (msgType.Length is 0 or > 8 || !msgTypes.Add(msgType))
            {
                throw Error(m, $"message '{name}' has an empty, over-long or repeated msgtype '{msgType}'");
            }

            var category = (string?)m.Attribute("msgcat") ?? "app";
            messages.Add(new MessageDefinition(name, msgType, category == "admin", Members(m, true)));
        }

        return new DataDictionary(_source, type, major, minor, servicePack, fields, header, trailer, messages);
    }

    private FieldDefinition ReadField(XElement f)
    {
        var name = RequiredAttribute(f, "name");
        var tag = IntAttribute(f, "number");
        if (tag <= 0)
        {
            throw Error(f, $"field '{name}' has number {tag}; tags are positive");
        }

        var typeName = RequiredAttribute(f, "type");
        var values = f.Elements("value")
            .Select(v => new FieldValue(RequiredAttribute(v, "enum"), (string?)v.Attribute("description") ?? string.Empty))
            .ToArray();
        return new FieldDefinition(tag, name, typeName, MapType(typeName), values);
    }

    private static FixType MapType(string typeName) => typeName.ToUpperInvariant() switch
    {
        "CHAR" => FixType.Char,
        "INT" => FixType.Int,
        "LENGTH" => FixType.Length,
        "SEQNUM" => FixType.SeqNum,
        "NUMINGROUP" => FixType.NumInGroup,
        "DAYOFMONTH" => FixType.DayOfMonth,
        "FLOAT" or "PRICE" or "QTY" or "QUANTITY" or "AMT" or "PRICEOFFSET" or "PERCENTAGE" => FixType.Float,
        "BOOLEAN" => FixType.Boolean,
        "UTCTIMESTAMP" or "TIME" => FixType.UtcTimestamp,
        "UTCTIMEONLY" => FixType.UtcTimeOnly,
        "UTCDATEONLY" or "UTCDATE" => FixType.UtcDateOnly,
        "LOCALMKTDATE" or "DATE" => FixType.LocalMktDate,
        "MONTHYEAR" => FixType.MonthYear,
        "TZTIMEONLY" => FixType.TzTimeOnly,
        "TZTIMESTAMP" => FixType.TzTimestamp,
        "DATA" or "XMLDATA" => FixType.Data,
        "MULTIPLEVALUESTRING" or "MULTIPLESTRINGVALUE" or "MULTIPLECHARVALUE" => FixType.MultipleValue,
        _ => FixType.String,
    };

    private List<LayoutMember> Members(XElement? parent, bool parentRequired)
    {
        var members = new List<LayoutMember>();
        if (parent is not null)
        {
            AddMembers(parent, parentRequired, members);
        }

        return members;
    }

    private void AddMembers(XElement parent, bool parentRequired, List<LayoutMember> members)
    {
        foreach (var e in parent.Elements())
        {
            var required = parentRequired && (string?)e.Attribute("required") == "Y";
            switch (e.Name.LocalName)
            {
                case "field":
                    members.Add(new LayoutMember(FieldNamed(e).Tag, required, null));
                    break;
                case "group":
                    members.Add(new LayoutMember(FieldNamed(e).Tag, required, Group(e)));
                    break;
                case "component":
                    Expand(e, required, members);
                    break;
                default:
                    throw Error(e, $"unexpected element <{e.Name.LocalName}>");
            }
        }
    }

    private GroupDefinition Group(XElement e)
    {
        var count = FieldNamed(e);
        var members = new List<LayoutMember>();

        // Inside an entry, "required" holds whenever the entry exists.
        AddMembers(e, true, members);
        if (members.Count == 0)
        {
            throw Error(e, $"group '{count.Name}' has no fields");
        }

        return new GroupDefinition(count.Name, count.Tag, members);
    }

    private void Expand(XElement reference, bool required, List<LayoutMember> members)
    {
        var name = RequiredAttribute(reference, "name");
        if (!_components.TryGetValue(name, out var component))
        {
            throw Error(reference, $"component '{name}' is not defined");
        }

        if (!_expanding.Add(name))
        {
            throw Error(reference, $"component '{name}' contains itself");
        }

        AddMembers(component, required, members);
        _expanding.Remove(name);
    }

    private FieldDefinition FieldNamed(XElement e)
    {
        var name = RequiredAttribute(e, "name");
        return _fields.TryGetValue(name, out var def) ? def : throw Error(e, $"field '{name}' is not defined in <fields>");
    }

    private static XElement? Section(XElement root, string name, bool optional = false)
    {
        var section = root.Element(name);
        if (section is null && !optional)
        {
            throw new DictionaryException($"<{name}> section is missing");
        }

        return section;
    }

    private string RequiredAttribute(XElement e, string name) =>
        (string?)e.Attribute(name) is { Length: > 0 } value ? value : throw Error(e, $"<{e.Name.LocalName}> has no '{name}' attribute");

    private int IntAttribute(XElement e, string name) =>
        int.TryParse(RequiredAttribute(e, name), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Error(e, $"attribute '{name}' of <{e.Name.LocalName}> is not a number");

    private DictionaryException Error(XElement? e, string what)
    {
        var line = e is IXmlLineInfo info && info.HasLineInfo() ? $" line {info.LineNumber}" : string.Empty;
        return new DictionaryException($"{_source}{line}: {what}");
    }
}
