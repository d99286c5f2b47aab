using PortStress.Gateway.Conformance;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Conformance;

/// <summary>FIXT.1.1 with FIX.5.0SP2 through the same runner: our own scripts (fixt/*.def), the shared transport and application dictionaries.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class FixtConformanceTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "fixt"), "*.def").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [SharedTheory]
    [MemberData(nameof(Scripts))]
    public async Task The_FIXT_script_passes(string script)
    {
        var parsed = ScriptParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "Conformance", "fixt", script));
        var session = new ConformanceSession(script, "FIXT.1.1", SharedMaterial.PathOf("fixspec", "FIX50SP2.xml"), SharedMaterial.PathOf("fixspec", "FIXT11.xml"));
        await using var acceptor = await new EngineConformanceTarget().StartAsync(session, CancellationToken.None);
        var result = await new ScriptRunner().RunAsync(parsed, acceptor.EndPoint);
        result.Passed.Should().BeTrue(result.Failure?.ToString() + "\nexpected: " + result.Failure?.Expected + "\nreceived: " + result.Failure?.Received);
    }
}
