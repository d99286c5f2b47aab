using System.Collections.Concurrent;
using System.Net;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Gateway.Conformance;

/// <summary>
/// Runs each acceptance script against a fresh in-process <see cref="FixAcceptor"/> of our engine
/// with the reflector application, configured as ../shared/conformance/README.md describes.
/// Dictionaries are loaded once per path.
/// </summary>
internal sealed class EngineConformanceTarget : IConformanceTarget
{
    private readonly ConcurrentDictionary<string, DataDictionary> _dictionaries = new(StringComparer.Ordinal);

    public async Task<IConformanceAcceptor> StartAsync(ConformanceSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var fixt = session.BeginString == "FIXT.1.1";
        var dictionary = Dictionary(fixt ? session.TransportDictionaryPath ?? throw new ArgumentException("FIXT sessions need a transport dictionary") : session.DictionaryPath);
        var application = fixt ? Dictionary(session.DictionaryPath) : dictionary;
        var settings = new SessionSettings
        {
            SessionId = new SessionId(session.BeginString, session.SenderCompId, session.TargetCompId),
            ConnectionType = ConnectionType.Acceptor,
            ResetOnLogon = session.ResetOnLogon,
            MaxLatency = session.MaxLatency,
            UseDataDictionary = session.UseDataDictionary,
            DefaultApplVerId = fixt ? "9" : null,
        };

        Session? engineSession = null;
        var reflector = new ReflectorApplication((message, _) => engineSession?.Send(message) == SendOutcome.Sent);
        engineSession = new Session(settings, reflector, new MemoryStore(), dictionary, application);
        var acceptor = new FixAcceptor([engineSession], new AcceptorOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) });
        await acceptor.StartAsync().ConfigureAwait(false);
        return new Running(acceptor);
    }

    private DataDictionary Dictionary(string path) => _dictionaries.GetOrAdd(Path.GetFullPath(path), DataDictionary.Load);

    private sealed class Running(FixAcceptor acceptor) : IConformanceAcceptor
    {
        public IPEndPoint EndPoint => acceptor.LocalEndPoint;

        public ValueTask DisposeAsync() => acceptor.DisposeAsync();
    }
}
