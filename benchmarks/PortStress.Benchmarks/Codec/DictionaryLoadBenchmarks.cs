using System.Xml.Linq;
using BenchmarkDotNet.Attributes;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Benchmarks.Codec;

/// <summary>Loading FIX44.xml (the full QuickFIX dictionary when ../shared is present), against parsing the same XML into an XDocument.</summary>
[MemoryDiagnoser]
public class DictionaryLoadBenchmarks
{
    private readonly string _path = RepositoryFiles.Dictionary("FIX44.xml");

    [Benchmark(Baseline = true)]
    public int ParseXmlOnly() => XDocument.Load(_path).Root!.Elements().Count();

    [Benchmark]
    public int LoadFix44() => DataDictionary.Load(_path).Messages.Count;
}
