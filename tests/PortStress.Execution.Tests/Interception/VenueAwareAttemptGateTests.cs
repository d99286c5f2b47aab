using PortStress.Control;
using PortStress.Execution.Gate;
using PortStress.Execution.Interception;
using PortStress.Fix.Engine;

namespace PortStress.Execution.Tests.Interception;

public sealed class VenueAwareAttemptGateTests
{
    private static readonly SessionId Primary = new("FIX.4.4", "GW", "XNAS");
    private static readonly SessionId Backup = new("FIX.4.4", "GW2", "XNAS");

    [Fact]
    public async Task A_reconnect_waits_while_RED_freezes_churn_only_when_its_venue_has_another_session_up()
    {
        var publisher = new ControlSnapshotPublisher();
        using var limiter = new NewSessionAttemptLimiter(publisher);
        var pool = new VenueSessionPool();
        var warm = new StaticSession("XNAS", "warm") { IsLoggedOn = true };
        pool.Add(warm);
        var gate = new VenueAwareAttemptGate(limiter, pool, s => s.TargetCompId);
        publisher.Publish(new ControlSnapshot(1, StressState.Red,
            new ExecutionParameters { FreezeOptionalReconnects = true, MaxConcurrentNewSessions = 1 }, false, 0.99, default, 0));

        gate.IsOptional(Backup).Should().BeTrue("XNAS has a warm session, so this reconnect is churn");
        var frozen = gate.EnterAsync(Backup, CancellationToken.None);
        frozen.IsCompleted.Should().BeFalse("optional reconnects wait while RED freezes them");

        warm.IsLoggedOn = false;
        gate.IsOptional(Primary).Should().BeFalse("with no session up the venue's reconnect is required");
        var required = await gate.EnterAsync(Primary, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        frozen.IsCompleted.Should().BeFalse("the cap of one is taken and the backup is still optional churn");
        required.Dispose();

        publisher.Publish(new ControlSnapshot(2, StressState.Green, ExecutionParameters.Standard, false, 0.01, default, 0));
        (await frozen.AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    private sealed class StaticSession(string venue, string name) : IVenueSession
    {
        public string Venue { get; } = venue;

        public string Name { get; } = name;

        public bool IsLoggedOn { get; set; }

        public long LoggedOnSince => IsLoggedOn ? 1 : 0;

        public SendResult Send(ChildOrderIntent intent, decimal quantity) => SendResult.Sent;
    }
}
