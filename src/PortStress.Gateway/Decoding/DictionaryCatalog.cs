using PortStress.Fix.Protocol.Dictionary;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Gateway.Decoding;

/// <summary>
/// Chooses a dictionary per BeginString: one given explicitly, or the matching file in a folder
/// (FIX42.xml, FIX44.xml; FIXT11.xml with FIX50SP2.xml). Loads each at most once.
/// </summary>
internal sealed class DictionaryCatalog
{
    private readonly DataDictionary? _fixed;
    private readonly string? _folder;
    private readonly Dictionary<string, (DataDictionary? Transport, DataDictionary? Application, MessageValidator? Validator, string? Problem)> _byBeginString = new(StringComparer.Ordinal);

    public DictionaryCatalog(DataDictionary? fixedDictionary, string? folder)
    {
        _fixed = fixedDictionary;
        _folder = folder;
    }

    /// <summary>The folder shipped beside the executable.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "fixspec");

    public (DataDictionary? Transport, DataDictionary? Application, MessageValidator? Validator, string? Problem) For(string beginString)
    {
        if (_byBeginString.TryGetValue(beginString, out var known))
        {
            return known;
        }

        var entry = Load(beginString);
        _byBeginString[beginString] = entry;
        return entry;
    }

    private (DataDictionary?, DataDictionary?, MessageValidator?, string?) Load(string beginString)
    {
        if (_fixed is not null)
        {
            return (_fixed, _fixed, new MessageValidator(_fixed), null);
        }

        if (_folder is null)
        {
            return (null, null, null, "no dictionary given");
        }

        try
        {
            if (beginString == "FIXT.1.1")
            {
                var transport = LoadFile("FIXT11.xml");
                var application = LoadFile("FIX50SP2.xml");
                return transport is null || application is null
                    ? (null, null, null, $"no FIXT11.xml and FIX50SP2.xml in {_folder}")
                    : (transport, application, new MessageValidator(transport, application), null);
            }

            var name = beginString.Replace("FIX.", "FIX", StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal) + ".xml";
            var dictionary = LoadFile(name);
            return dictionary is null
                ? (null, null, null, $"no {name} in {_folder}")
                : (dictionary, dictionary, new MessageValidator(dictionary), null);
        }
        catch (DictionaryException e)
        {
            return (null, null, null, e.Message);
        }
    }

    private DataDictionary? LoadFile(string name)
    {
        var path = Path.Combine(_folder!, name);
        return File.Exists(path) ? DataDictionary.Load(path) : null;
    }
}
