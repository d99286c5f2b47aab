using System.Text;
using PortStress.Gateway.Conformance;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Conformance;

public class ScriptParserTests
{
    private static string Acceptance(string version) => SharedMaterial.PathOf("conformance", "quickfix-acceptance", version);

    [SharedTheory]
    [InlineData("fix42", 58)]
    [InlineData("fix44", 68)]
    public void Every_shared_script_parses_into_one_step_per_meaningful_line(string version, int scripts)
    {
        var files = Directory.GetFiles(Acceptance(version), "*.def");
        files.Should().HaveCount(scripts);
        foreach (var file in files)
        {
            var lines = Encoding.Latin1.GetString(File.ReadAllBytes(file)).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var meaningful = lines.Count(l => l.Trim().Length > 0 && !l.StartsWith('#'));
            var script = ScriptParser.ParseFile(file);

            script.Name.Should().Be(Path.GetFileNameWithoutExtension(file));
            script.Steps.Should().HaveCount(meaningful, file);
            script.Steps.Count(s => s.Kind == ScriptStepKind.Expect).Should().Be(lines.Count(l => l.StartsWith('E')), file);
            script.Steps.Count(s => s.Kind == ScriptStepKind.Send).Should().Be(lines.Count(l => l.StartsWith('I')), file);
            script.Steps.Should().Contain(s => s.Kind == ScriptStepKind.Connect, file);
            script.Steps.Select(s => s.Line).Should().BeInAscendingOrder();
        }
    }

    [SharedFact]
    public void The_shared_scripts_hold_the_counted_number_of_steps_of_each_kind()
    {
        var steps = new[] { "fix42", "fix44" }
            .SelectMany(v => Directory.GetFiles(Acceptance(v), "*.def"))
            .SelectMany(f => ScriptParser.ParseFile(f).Steps)
            .GroupBy(s => s.Kind)
            .ToDictionary(g => g.Key, g => g.Count());

        // Counted with grep over the 126 files: 587 I lines (+ 6 I1, + 4 I2, + 2 that start with 35=),
        // 519 E lines (+ 6 E1), 130 iCONNECT + 4 i1 + 4 i2, 2 i1,DISCONNECT, 122 eDISCONNECT + 2 e1 + 4 e2, 1 sleep.
        steps[ScriptStepKind.Send].Should().Be(599);
        steps[ScriptStepKind.Expect].Should().Be(525);
        steps[ScriptStepKind.Connect].Should().Be(138);
        steps[ScriptStepKind.Disconnect].Should().Be(2);
        steps[ScriptStepKind.ExpectDisconnect].Should().Be(128);
        steps[ScriptStepKind.Sleep].Should().Be(1);
    }

    [SharedFact]
    public void Numbered_connections_are_kept_apart()
    {
        var script = ScriptParser.ParseFile(Path.Combine(Acceptance("fix44"), "1b_DuplicateIdentity.def"));
        script.Steps.Select(s => (s.Kind, s.Connection)).Should().Equal(
            (ScriptStepKind.Connect, 1),
            (ScriptStepKind.Send, 1),
            (ScriptStepKind.Expect, 1),
            (ScriptStepKind.Connect, 2),
            (ScriptStepKind.Send, 2),
            (ScriptStepKind.ExpectDisconnect, 2),
            (ScriptStepKind.Disconnect, 1));
        script.Steps[4].Message!.Text.Should().StartWith("8=FIX.4.4\u000135=A");
    }

    [Fact]
    public void Directives_prefixes_sleep_comments_and_blank_lines_are_read()
    {
        var script = ScriptParser.Parse("t", "# comment\r\n\r\n   \ni3,CONNECT\nI3,8=FIX.4.4\u000135=0\u0001\nE3,8=FIX.4.4\u000135=0\u0001\nsleep(0.25)\ne3,DISCONNECT\niDISCONNECT\n");
        script.Steps.Should().Equal(
            new ScriptStep(ScriptStepKind.Connect, 4, 3),
            script.Steps[1] with { Kind = ScriptStepKind.Send, Line = 5, Connection = 3 },
            script.Steps[2] with { Kind = ScriptStepKind.Expect, Line = 6, Connection = 3 },
            new ScriptStep(ScriptStepKind.Sleep, 7, 0, Delay: TimeSpan.FromMilliseconds(250)),
            new ScriptStep(ScriptStepKind.ExpectDisconnect, 8, 3),
            new ScriptStep(ScriptStepKind.Disconnect, 9, 1));
        script.Steps[1].Message!.Text.Should().Be("8=FIX.4.4\u000135=0\u0001");
        script.ExpectationCount.Should().Be(2);
    }

    [Theory]
    [InlineData("X8=FIX.4.4\u0001", "unknown directive")]
    [InlineData("eCONNECT", "is not eDISCONNECT")]
    [InlineData("iLISTEN", "neither iCONNECT nor iDISCONNECT")]
    [InlineData("sleep(soon)", "is not sleep(seconds)")]
    [InlineData("I", "needs tag=value fields")]
    [InlineData("I0,8=FIX.4.4\u0001", "not between 1 and 64")]
    [InlineData("I8=FIX.4.4\u000152=<TIME*3>\u0001", "unknown time token '<TIME*3>'")]
    public void A_line_out_of_format_is_reported_with_script_and_line(string line, string reason)
    {
        var parse = () => ScriptParser.Parse("bad", $"# first\niCONNECT\n{line}\n");
        parse.Should().Throw<ScriptFormatException>()
            .Where(e => e.Line == 3)
            .WithMessage($"bad: line 3: *{reason}*");
    }
}
