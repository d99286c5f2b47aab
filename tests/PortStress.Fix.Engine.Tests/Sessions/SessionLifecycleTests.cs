using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using static PortStress.Fix.Engine.Tests.Sessions.EngineFixtures;

namespace PortStress.Fix.Engine.Tests.Sessions;

/// <summary>Resets, schedules, the observer hook, IPv6 and TLS, end to end on loopback or on a fake clock.</summary>
public sealed class SessionLifecycleTests
{
    [Fact]
    public void ResetOnDisconnect_starts_the_next_connection_from_one()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var store = new MemoryStore(timeProvider: time);
        var session = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE") with { ResetOnDisconnect = true }, new RecordingApplication(), store, time);
        var connection = new CapturingConnection();
        connection.Attach(session);
        session.NextSenderSeqNum.Should().Be(2, "the Logon used 1");
        connection.Disconnect("test");
        session.NextSenderSeqNum.Should().Be(1);
    }

    [Fact]
    public void An_initiator_session_resets_at_the_start_of_a_new_schedule_period()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var store = new MemoryStore(timeProvider: time);
        var schedule = new SessionSchedule { StartTime = new TimeOnly(8, 0), EndTime = new TimeOnly(18, 0) };
        var session = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE") with { Schedule = schedule }, new RecordingApplication(), store, time);
        var first = new CapturingConnection();
        first.Attach(session);
        first.Disconnect("end of day");
        session.NextSenderSeqNum.Should().Be(2);
        time.Advance(TimeSpan.FromDays(1));
        var second = new CapturingConnection();
        second.Attach(session);
        second.Take().Should().ContainSingle().Which.Should().Contain("|34=1|", "a new period begins a new sequence");
    }

    [Fact]
    public async Task An_acceptor_closes_a_connection_that_sends_no_logon()
    {
        await using var acceptor = new FixAcceptor([NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), new RecordingApplication())], new AcceptorOptions { LogonTimeout = TimeSpan.FromMilliseconds(300) });
        await acceptor.StartAsync();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(acceptor.LocalEndPoint);
        var buffer = new byte[16];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await client.ReceiveAsync(buffer, cts.Token)).Should().Be(0, "the acceptor closes the silent connection");
    }

    [Fact]
    public async Task The_observer_sees_connect_logon_messages_and_disconnect_in_order()
    {
        var observer = new RecordingObserver();
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), new RecordingApplication());
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();
        var session = new Session(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication(), new MemoryStore(), Fix44, observer: observer);
        await using var initiator = new FixInitiator([new InitiatorSessionOptions { Session = session, Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)] }], observer: observer);
        await initiator.StartAsync();
        await WaitFor(() => session.IsLoggedOn, "logon");
        session.Send(Order("OBS")).Should().Be(SendOutcome.Sent);
        session.Logout();
        await WaitFor(() => observer.Events.Contains("disconnected Local"), "disconnect");
        var events = observer.Events.ToArray();
        events.Should().ContainInOrder("connect-started 127.0.0.1", "connect-ok", "sent A 1", "logon-sent", "received A 1", "logon-acked", "sent D 2", "sent 5 3", "disconnected Local");
        observer.LogonLatencies.Should().ContainSingle().Which.Should().BePositive();
    }

    [Fact]
    public async Task Sessions_run_over_IPv6()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), new RecordingApplication());
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions { Listen = new IPEndPoint(IPAddress.IPv6Loopback, 0) });
        await acceptor.StartAsync();
        var session = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        await using var initiator = new FixInitiator([new InitiatorSessionOptions { Session = session, Targets = [new ConnectTarget("::1", acceptor.LocalEndPoint.Port)] }]);
        await initiator.StartAsync();
        await WaitFor(() => session.IsLoggedOn && acceptorSession.IsLoggedOn, "logon over ::1");
    }

    [Fact]
    public async Task Sessions_run_over_TLS_and_an_untrusted_certificate_is_refused_when_validation_is_on()
    {
        using var certificate = SelfSigned("venue.test");
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), new RecordingApplication());
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions { TlsCertificate = certificate });
        await acceptor.StartAsync();

        var strict = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        await using (var refused = new FixInitiator([new InitiatorSessionOptions
        {
            Session = strict,
            Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)],
            Tls = new TlsClientOptions { ServerName = "venue.test" },
            Reconnect = new ReconnectPolicy { Base = TimeSpan.FromSeconds(30) },
        }]))
        {
            await refused.StartAsync();
            await Task.Delay(1000);
            strict.IsLoggedOn.Should().BeFalse("the self-signed certificate is not trusted");
        }

        var session = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        await using var initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = session,
            Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)],
            Tls = new TlsClientOptions { ServerName = "venue.test", ValidateServerCertificate = false },
        }]);
        await initiator.StartAsync();
        await WaitFor(() => session.IsLoggedOn, "logon over TLS");
        session.Send(Order("TLS-1")).Should().Be(SendOutcome.Sent);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private sealed class RecordingObserver : ISessionObserver
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public ConcurrentQueue<long> LogonLatencies { get; } = new();

        public void ConnectStarted(in SessionId session, string host, int port, long timestamp) => Events.Enqueue($"connect-started {host}");

        public void ConnectSucceeded(in SessionId session, string host, int port, long startTimestamp, long timestamp) => Events.Enqueue("connect-ok");

        public void ConnectFailed(in SessionId session, string host, int port, SocketError socketError, int errno, long startTimestamp, long timestamp) => Events.Enqueue($"connect-failed {socketError} {errno}");

        public void TlsCompleted(in SessionId session, long startTimestamp, long timestamp) => Events.Enqueue("tls");

        public void LogonSent(in SessionId session, long timestamp) => Events.Enqueue("logon-sent");

        public void LogonAcknowledged(in SessionId session, long logonSentTimestamp, long timestamp)
        {
            Events.Enqueue("logon-acked");
            LogonLatencies.Enqueue(timestamp - logonSentTimestamp);
        }

        public void Disconnected(in SessionId session, DisconnectInitiator initiator, string reason, long timestamp) => Events.Enqueue($"disconnected {initiator}");

        public void MessageSent(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp) =>
            Events.Enqueue($"sent {System.Text.Encoding.ASCII.GetString(msgType)} {seqNum}");

        public void MessageReceived(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp) =>
            Events.Enqueue($"received {System.Text.Encoding.ASCII.GetString(msgType)} {seqNum}");
    }
}
