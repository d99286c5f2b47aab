namespace PortStress.Gateway.Demo;

/// <summary>Chooses how runs are shown.</summary>
internal static class DemoProgress
{
    /// <summary>
    /// The live view when asked for, or in <see cref="ProgressMode.Auto"/> when <paramref name="output"/> is the process's
    /// standard output and that is a terminal; plain lines otherwise (CI, pipes, tests).
    /// </summary>
    /// <param name="options">The demo's options.</param>
    /// <param name="output">Standard output of the command.</param>
    public static IRunProgress For(DemoOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (IsLive(options.Progress, output))
            return new LiveProgress(LiveProgress.ConsoleFor(output));
        return new PlainProgress(output, options.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Whether to draw live terminal output: <see cref="ProgressMode.Live"/>, or <see cref="ProgressMode.Auto"/> when
    /// <paramref name="output"/> is the process's standard output, that is a terminal, and this is not CI.
    /// </summary>
    /// <param name="mode">The mode asked for.</param>
    /// <param name="output">Standard output of the command.</param>
    public static bool IsLive(ProgressMode mode, TextWriter output) => mode switch
    {
        ProgressMode.Live => true,
        ProgressMode.Plain => false,
        _ => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
             && Environment.GetEnvironmentVariable("TERM") is { } term && term != "dumb" && Environment.GetEnvironmentVariable("CI") is null,
    };
}
