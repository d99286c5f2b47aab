using System.Net;

namespace PortStress.Gateway.Conformance;

/// <summary>
/// The engine under test, as <c>portstress conformance</c> sees it: for each script it starts a
/// fresh acceptor for <see cref="ConformanceSession"/> (with a <see cref="ReflectorApplication"/>
/// behind it) and disposes it when the script is done.
/// </summary>
internal interface IConformanceTarget
{
    /// <summary>Starts a fresh acceptor listening on 127.0.0.1 (any free port) and returns it once it accepts connections.</summary>
    /// <param name="session">The session the scripts expect and the script about to run.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    Task<IConformanceAcceptor> StartAsync(ConformanceSession session, CancellationToken cancellationToken);
}

/// <summary>A running acceptor; disposing it stops it and closes its connections.</summary>
internal interface IConformanceAcceptor : IAsyncDisposable
{
    /// <summary>Where it listens.</summary>
    IPEndPoint EndPoint { get; }
}
