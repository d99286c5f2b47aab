using System.CommandLine;
using PortStress.Gateway.Commands;
using PortStress.Gateway.Conformance;
using PortStress.Gateway.Hosting;

namespace PortStress.Gateway;

/// <summary>The <c>portstress</c> command line. Each command lives in its own file under Commands/.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Before any socket exists: the runtime reads it once.
        SocketCompletionMode.Apply();

        // Long enough for `run` to log every session out and close its stores after SIGTERM (the default is 2 s, then the process ends).
        return BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
    }

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("PortStress.Fix: FIX gateway middleware that treats transport health as an input to execution.");
        root.Subcommands.Add(DecodeCommand.Create());
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(ConformanceCommand.Create(new EngineConformanceTarget()));
        root.Subcommands.Add(SocketsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(VenueCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(PromoteCommand.Create());
        root.Subcommands.Add(ChurnCommand.Create());
        return root;
    }
}
