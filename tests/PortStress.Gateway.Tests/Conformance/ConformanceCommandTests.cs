using System.CommandLine;
using System.Net;
using PortStress.Gateway.Commands;
using PortStress.Gateway.Conformance;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Conformance;

public sealed class ConformanceCommandTests : IDisposable
{
    private const string Passing = """
        iCONNECT
        I8=FIX.4.4|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|
        E8=FIX.4.4|9=61|35=A|34=1|49=ISLD|52=00000000-00:00:00.000|56=TW|98=0|108=30|10=0|
        """;

    private const string Failing = """
        iCONNECT
        I8=FIX.4.4|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|
        E8=FIX.4.4|9=61|35=A|34=9|49=ISLD|52=00000000-00:00:00.000|56=TW|98=0|108=30|10=0|
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("portstress-conformance-");
    private readonly FakeTarget _target = new();

    public void Dispose() => _folder.Delete(recursive: true);

    private void Write(string name, string script) =>
        File.WriteAllText(Path.Combine(_folder.FullName, name), script.Replace('|', '\u0001'), System.Text.Encoding.Latin1);

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { ConformanceCommand.Create(_target) };
        string[] args = ["conformance", "--definitions", _folder.FullName, "--dictionary", SharedMaterial.InRepository("fixspec", "FIX44.xml"), .. extra];
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Each_script_gets_a_fresh_acceptor_and_a_line_then_a_summary()
    {
        Write("1_Pass.def", Passing);
        Write("2_Fail.def", Failing);
        Write("notes.txt", "not a script");

        var (exit, output, error) = await RunAsync("--timeout-ms", "3000");

        exit.Should().Be(1, "one script fails; output: {0}{1}", output, error);
        var lines = output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        lines.Should().HaveCount(5, "output: {0}{1}", output, error);
        lines[0].Should().Be("PASS 1_Pass");
        lines[1].Should().Be("FAIL 2_Fail: step 3 (line 3): field 4, tag 34: expected '9', received '1'");
        lines[2].Should().StartWith("  expected: 8=FIX.4.4|9=61|35=A|34=9|");
        lines[3].Should().StartWith("  received: 8=FIX.4.4|9=61|35=A|34=1|");
        lines[^1].Should().Be("1 passed, 1 failed");
        _target.Sessions.Select(s => s.ScriptName).Should().Equal("1_Pass", "2_Fail");
        _target.Sessions.Should().OnlyContain(s => s.BeginString == "FIX.4.4" && s.SenderCompId == "ISLD" && s.TargetCompId == "TW" && s.ResetOnLogon);
        _target.Stopped.Should().Be(2);
    }

    [Fact]
    public async Task A_filter_selects_scripts_by_name_and_all_passing_exits_zero()
    {
        Write("1_Pass.def", Passing);
        Write("2_Fail.def", Failing);

        var (exit, output, error) = await RunAsync("--filter", "1_*", "--begin-string", "FIX.4.2");

        exit.Should().Be(0, "output: {0}{1}", output, error);
        output.ReplaceLineEndings("\n").Should().Be("PASS 1_Pass\n1 passed, 0 failed\n");
        _target.Sessions.Should().ContainSingle().Which.BeginString.Should().Be("FIX.4.2");
    }

    [Fact]
    public async Task A_script_out_of_format_fails_without_starting_an_acceptor()
    {
        Write("bad.def", "iCONNECT\nhello\n");

        var (exit, output, _) = await RunAsync();

        exit.Should().Be(1);
        output.Should().Contain("FAIL bad: cannot read the script: bad: line 2: unknown directive 'hello'");
        _target.Sessions.Should().BeEmpty();
    }

    [Fact]
    public async Task No_matching_script_is_an_input_error()
    {
        Write("1_Pass.def", Passing);

        var (exit, _, error) = await RunAsync("--filter", "nothing*");

        exit.Should().Be(2);
        error.Should().Contain("no .def scripts matching 'nothing*'");
    }

    [Fact]
    public async Task An_unreadable_dictionary_is_an_input_error()
    {
        Write("1_Pass.def", Passing);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var options = new ConformanceOptions(_folder, new FileInfo(Path.Combine(_folder.FullName, "missing.xml")), null, null, 1000, null);

        var exit = await ConformanceCommand.RunAsync(options, _target, output, error, CancellationToken.None);

        exit.Should().Be(2);
        error.ToString().Should().StartWith("conformance: ");
        _target.Sessions.Should().BeEmpty();
    }

    /// <summary>Starts a fake engine per script that answers a Logon with the matching Logon.</summary>
    private sealed class FakeTarget : IConformanceTarget
    {
        private int _stopped;

        public List<ConformanceSession> Sessions { get; } = [];

        public int Stopped => _stopped;

        public Task<IConformanceAcceptor> StartAsync(ConformanceSession session, CancellationToken cancellationToken)
        {
            Sessions.Add(session);
            var fake = new FakeAcceptor((peer, text) => peer.SendAsync(FakePeer.Mirror(text)));
            return Task.FromResult<IConformanceAcceptor>(new Running(fake, () => Interlocked.Increment(ref _stopped)));
        }

        private sealed class Running(FakeAcceptor fake, Action onStop) : IConformanceAcceptor
        {
            public IPEndPoint EndPoint => fake.EndPoint;

            public async ValueTask DisposeAsync()
            {
                await fake.DisposeAsync();
                onStop();
            }
        }
    }
}
