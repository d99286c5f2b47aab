namespace PortStress.Gateway.Hosting;

/// <summary>
/// Where socket completions run. <c>portstress</c> runs them inline on the runtime's socket event thread: a frame
/// read is parsed, routed and answered there, and (with the engine writing on the sending thread once it lets go of
/// the session locks) reaches the next socket with no thread hop. Measured in <c>bench gateway</c> at 10,000 orders/s
/// this halves CPU per order and lowers both round trips (docs/benchmarks.md, session 5). It relies on no frame handler
/// blocking: the engine's handlers, the router and the gate never wait on the network. The runtime reads the setting
/// once, when the first socket is created, so it is set before anything else runs; an operator who exports
/// <see cref="Variable"/> (say as 0) keeps that choice.
/// </summary>
internal static class SocketCompletionMode
{
    /// <summary>The runtime's switch (Unix).</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Whether completions run inline in this process.</summary>
    public static bool Inline => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Chooses inline completions unless the environment already chose. Call before the first socket exists.</summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
