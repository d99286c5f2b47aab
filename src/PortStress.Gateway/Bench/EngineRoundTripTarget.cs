using System.Net;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Gateway.Bench;

/// <summary>
/// Our initiator and our acceptor on 127.0.0.1, FIX.4.4 with the FIX44 dictionary (validation on):
/// orders go out through the initiator session's <see cref="Session.Send"/>, the acceptor's application
/// answers each with one ExecutionReport, and the initiator's application reports it to the probe. With a relay, the
/// initiator connects through a <see cref="TcpRelay"/> instead: the same session end to end, two hops more.
/// </summary>
internal sealed class EngineRoundTripTarget : IRoundTripTarget
{
    private readonly RoundTripProbe _probe;
    private readonly DataDictionary _dictionary;
    private readonly StoreKind _storeKind;
    private readonly FixMessage _order = new();
    private readonly AcknowledgingVenueApplication _venue;
    private readonly AcknowledgementRecordingApplication _client;
    private readonly bool _relayed;
    private TcpRelay? _relay;
    private string? _storeFolder;
    private IMessageStore? _clientStore;
    private IMessageStore? _venueStore;
    private FixAcceptor? _acceptor;
    private FixInitiator? _initiator;
    private Session? _session;

    /// <param name="probe">Where acknowledgements are reported.</param>
    /// <param name="dictionary">The FIX.4.4 dictionary.</param>
    /// <param name="storeKind">Both sessions' message store.</param>
    /// <param name="fill">The acceptor fills each order right after acknowledging it (a second ExecutionReport).</param>
    /// <param name="relayed">The initiator reaches the acceptor through a <see cref="TcpRelay"/> (a byte copy in a router's place).</param>
    public EngineRoundTripTarget(RoundTripProbe probe, DataDictionary dictionary, StoreKind storeKind, bool fill = false, bool relayed = false)
    {
        _relayed = relayed;
        _venue = new AcknowledgingVenueApplication { FillAfterAcknowledgement = fill };
        _probe = probe;
        _dictionary = dictionary;
        _storeKind = storeKind;
        _client = new AcknowledgementRecordingApplication(probe);
    }

    public string Name => _relayed ? "relay" : "engine";

    /// <summary>Acknowledgements the acceptor could not send, plus acknowledgements without a readable ClOrdID.</summary>
    public long Faults => _venue.Refused + _client.Unreadable;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clientId = new SessionId(BenchMessages.BeginString, BenchMessages.ClientCompId, BenchMessages.VenueCompId);
        var venueId = new SessionId(BenchMessages.BeginString, BenchMessages.VenueCompId, BenchMessages.ClientCompId);
        if (_storeKind == StoreKind.File)
        {
            _storeFolder = Directory.CreateTempSubdirectory("portstress-bench-").FullName;
            _clientStore = new FileStore(Path.Combine(_storeFolder, "client"), FileStore.FileNameFor(clientId), StoreFlushPolicy.Batched);
            _venueStore = new FileStore(Path.Combine(_storeFolder, "venue"), FileStore.FileNameFor(venueId), StoreFlushPolicy.Batched);
        }
        else
        {
            _clientStore = new MemoryStore();
            _venueStore = new MemoryStore();
        }

        var persist = _storeKind != StoreKind.None;
        var venueSession = new Session(Settings(venueId, ConnectionType.Acceptor, persist), _venue, _venueStore, _dictionary);
        _venue.Session = venueSession;
        _acceptor = new FixAcceptor([venueSession], new AcceptorOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) });
        await _acceptor.StartAsync().ConfigureAwait(false);
        var port = _acceptor.LocalEndPoint.Port;
        if (_relayed)
        {
            _relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, port));
            _relay.Start();
            port = _relay.Port;
        }

        _session = new Session(Settings(clientId, ConnectionType.Initiator, persist), _client, _clientStore, _dictionary);
        _initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = _session,
            Targets = [new ConnectTarget("127.0.0.1", port)],
        }]);
        await _initiator.StartAsync().ConfigureAwait(false);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!(_session.IsLoggedOn && venueSession.IsLoggedOn))
        {
            try
            {
                await Task.Delay(10, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("the bench initiator and acceptor did not log on within 10 s");
            }
        }
    }

    public bool TrySend(long index) => BenchSessions.TrySendOrder(_session, _order, index);

    /// <summary>Nothing to do: the session's connection coalesces what is queued on its own.</summary>
    public void Flush()
    {
    }

    public async ValueTask DisposeAsync()
    {
        await BenchSessions.LogoutAsync(_session).ConfigureAwait(false);

        if (_initiator is not null)
        {
            await _initiator.DisposeAsync().ConfigureAwait(false);
        }

        if (_acceptor is not null)
        {
            await _acceptor.DisposeAsync().ConfigureAwait(false);
        }

        if (_relay is not null)
        {
            await _relay.DisposeAsync().ConfigureAwait(false);
        }

        _clientStore?.Dispose();
        _venueStore?.Dispose();
        if (_storeFolder is not null)
        {
            Directory.Delete(_storeFolder, recursive: true);
        }
    }

    private static SessionSettings Settings(SessionId id, ConnectionType type, bool persistMessages) => new()
    {
        SessionId = id,
        ConnectionType = type,
        HeartBtInt = TimeSpan.FromSeconds(30),
        PersistMessages = persistMessages,
    };
}
