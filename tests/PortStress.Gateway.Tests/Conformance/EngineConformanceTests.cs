using PortStress.Gateway.Conformance;
using PortStress.Testing;
using Xunit.Abstractions;

namespace PortStress.Gateway.Tests.Conformance;

/// <summary>Every QuickFIX acceptance script in ../shared against our engine's acceptor with the reflector.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class EngineConformanceTests(ITestOutputHelper output)
{
    private static readonly EngineConformanceTarget Target = new();

    public static TheoryData<string, string> Scripts()
    {
        var data = new TheoryData<string, string>();
        if (SharedMaterial.Folder is null)
        {
            data.Add("fix44", "(../shared absent)");
            return data;
        }

        foreach (var version in new[] { "fix42", "fix44" })
        {
            foreach (var file in Directory.GetFiles(SharedMaterial.PathOf("conformance", "quickfix-acceptance", version), "*.def").Order(StringComparer.Ordinal))
            {
                data.Add(version, Path.GetFileName(file));
            }
        }

        return data;
    }

    [SharedTheory]
    [MemberData(nameof(Scripts))]
    public async Task The_acceptance_script_passes(string version, string script)
    {
        var path = SharedMaterial.PathOf("conformance", "quickfix-acceptance", version, script);
        var beginString = version == "fix42" ? "FIX.4.2" : "FIX.4.4";
        var dictionary = SharedMaterial.PathOf("fixspec", version == "fix42" ? "FIX42.xml" : "FIX44.xml");
        var parsed = ScriptParser.ParseFile(path);
        await using var acceptor = await Target.StartAsync(new ConformanceSession(script, beginString, dictionary), CancellationToken.None);
        var result = await new ScriptRunner(new ScriptRunnerOptions { StepTimeout = TimeSpan.FromSeconds(20) }).RunAsync(parsed, acceptor.EndPoint);
        if (result.Failure is { } failure)
        {
            output.WriteLine($"{failure}\nexpected: {failure.Expected}\nreceived: {failure.Received}");
        }

        result.Passed.Should().BeTrue(result.Failure?.ToString() + "\nexpected: " + result.Failure?.Expected + "\nreceived: " + result.Failure?.Received);
    }
}
