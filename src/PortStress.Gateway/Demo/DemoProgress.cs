namespace PortStress.Gateway.Demo;

/// <summary>Chooses how runs are shown.</summary>
internal static class DemoProgress
{
    /// <summary>The progress view for <paramref name="options"/> writing to <paramref name="output"/>.</summary>
    /// <param name="options">The demo's options.</param>
    /// <param name="output">Standard output of the command.</param>
    public static IRunProgress For(DemoOptions options, TextWriter output)
    {
        var every = options.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);
        return new PlainProgress(output, every);
    }
}
