using System.Globalization;
using PortStress.Control;
using PortStress.Control.Decoding;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PortStress.Gateway.Demo;

/// <summary>The live terminal view of a run (Spectre.Console live display, redrawn about four times a second).</summary>
/// <param name="console">The terminal.</param>
internal sealed class LiveProgress(IAnsiConsole console) : IRunProgress
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>A console over <paramref name="output"/> with colours and cursor control.</summary>
    /// <param name="output">The terminal's writer.</param>
    public static IAnsiConsole ConsoleFor(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.Yes,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Yes,
        Out = new AnsiConsoleOutput(output),
    });

    /// <inheritdoc />
    public async Task ShowAsync(DemoRun run, Task running, TimeSpan remainingAfter)
    {
        await console.Live(Render(run.Status(), remainingAfter)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            while (await Task.WhenAny(running, Task.Delay(Refresh)).ConfigureAwait(false) != running)
            {
                context.UpdateTarget(Render(run.Status(), remainingAfter));
                context.Refresh();
            }

            context.UpdateTarget(Render(run.Status(), remainingAfter));
            context.Refresh();
        }).ConfigureAwait(false);
    }

    /// <summary>The view of one status.</summary>
    /// <param name="s">The status.</param>
    /// <param name="remainingAfter">Time the demo needs after this run.</param>
    public static IRenderable Render(RunStatus s, TimeSpan remainingAfter)
    {
        var remaining = (s.Length > s.Elapsed ? s.Length - s.Elapsed : TimeSpan.Zero) + remainingAfter;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        grid.AddRow(new Markup("[bold]state[/]"), new Markup(
            $"{StateMarkup(s.State)}{(s.Shadow ? $"  [grey](shadow: {StateMarkup(s.AppliedState)} applied)[/]" : string.Empty)}   P(stress) [bold]{F(s.StressProbability, "F2")}[/]"));
        grid.AddRow(new Markup("[bold]ports[/]"), new Markup(
            $"PPR {Ratio(s.PortPressure)}  TWR {Ratio(s.TimeWaitRatio)}   window {s.WindowSockets}/{s.WindowSize} sockets, {s.WindowTimeWait} in TIME_WAIT"));
        grid.AddRow(new Markup("[bold]connects[/]"), new Markup(
            $"CFR {Ratio(s.ConnectFailureRatio)} ({s.ConnectFailures} failed in window)   CTL95 {Millis(s.ConnectLatency95)}   RBI {F(s.RetryBurstIndex, "F2")}   reconnects/min {F(s.ReconnectsPerMinute, "F0")}"));
        grid.AddRow(new Markup("[bold]orders[/]"), new Markup(
            $"DSD95 {Millis(s.DecisionToSend95)}   {s.Orders} decided: {s.Sent} sent, {s.HeldThenSent} held then sent, [yellow]{s.Contained} contained[/], [red]{s.Refused} refused[/]"));
        grid.AddRow(new Markup("[bold]now[/]"), new Markup(
            $"held {s.HeldNow} (contained {s.ContainedNow})   waiting for the dependency {s.WaitingForDependency}   dependency {(s.DependencyActive ? "[red]in the order path[/]" : "[grey]off the path[/]")}, {(s.DependencyPooled ? "[green]pooled connections[/]" : "a connection per call")}"));
        grid.AddRow(new Markup("[bold]sessions[/]"), new Markup(
            $"{(s.SessionsLoggedOn == s.Sessions ? "[green]" : "[yellow]")}{s.SessionsLoggedOn}/{s.Sessions} logged on[/]   venue drops so far {s.SessionsDropped}"));
        var completion = PlainProgress.Completion(s);
        grid.AddRow(new Markup("[bold]parents[/]"), new Markup(
            $"{Bar(completion, 30)} {completion.ToString("P0", CultureInfo.InvariantCulture)} filled, {s.ParentsFinished}/{s.Parents} finished"));
        var header = string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(s.Label)}[/]  {PhaseMarkup(s.Phase)}  {s.Elapsed.TotalSeconds:F1} s of {s.Length.TotalSeconds:F0} s, about {remaining.TotalSeconds:F0} s left");
        return new Panel(grid) { Header = new PanelHeader(header), Border = BoxBorder.Rounded, Expand = true };
    }

    /// <inheritdoc />
    public void ShowTable(ComparisonTable table) => console.Write(Render(table));

    /// <summary>The comparison table as a Spectre table.</summary>
    /// <param name="table">The table.</param>
    public static Table Render(ComparisonTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var view = new Table { Border = TableBorder.Rounded };
        view.AddColumn("metric");
        view.AddColumn(new TableColumn(ComparisonTable.OffHeading).RightAligned());
        view.AddColumn(new TableColumn(ComparisonTable.OnHeading).RightAligned());
        foreach (var row in table.Rows)
            view.AddRow(Markup.Escape(row.Metric), Markup.Escape(row.Off), Markup.Escape(row.On));
        return view;
    }

    private static string StateMarkup(StressState state) => state switch
    {
        StressState.Green => "[black on green] GREEN [/]",
        StressState.Yellow => "[black on yellow] YELLOW [/]",
        StressState.Orange => "[black on darkorange] ORANGE [/]",
        StressState.Red => "[white on red] RED [/]",
        _ => Markup.Escape(DecoderNames.Of(state)),
    };

    private static string PhaseMarkup(RunPhase phase) => phase switch
    {
        RunPhase.Stress => "[white on red] STRESS [/]",
        RunPhase.Calm => "[green]calm[/]",
        RunPhase.Recovery => "[yellow]recovery[/]",
        _ => Markup.Escape(PlainProgress.PhaseName(phase)),
    };

    private static string Ratio(double value) =>
        (value >= 0.3 ? "[red]" : value >= 0.1 ? "[yellow]" : "[green]") + value.ToString("P0", CultureInfo.InvariantCulture) + "[/]";

    private static string Millis(double seconds) => Markup.Escape(PlainProgress.Millis(seconds));

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Bar(double fraction, int width)
    {
        var full = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return "[green]" + new string('█', full) + "[/][grey]" + new string('░', width - full) + "[/]";
    }
}
