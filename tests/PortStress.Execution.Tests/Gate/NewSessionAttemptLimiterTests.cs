using PortStress.Control;
using PortStress.Execution.Gate;

namespace PortStress.Execution.Tests.Gate;

public sealed class NewSessionAttemptLimiterTests
{
    private static ControlSnapshot Snapshot(long version, ExecutionParameters parameters) =>
        new(version, StressState.Orange, parameters, false, 0.8, default, 0);

    [Fact]
    public async Task Concurrent_attempts_are_capped_and_waiters_go_in_arrival_order_as_permits_are_released()
    {
        var control = new ControlSnapshotPublisher(Snapshot(1, new ExecutionParameters { MaxConcurrentNewSessions = 1 }));
        using var limiter = new NewSessionAttemptLimiter(control);

        var first = await limiter.EnterAsync(optional: false, CancellationToken.None);
        var second = limiter.EnterAsync(optional: false, CancellationToken.None);
        var third = limiter.EnterAsync(optional: false, CancellationToken.None);
        second.IsCompleted.Should().BeFalse();
        limiter.Active.Should().Be(1);
        limiter.Waiting.Should().Be(2);

        first.Dispose();
        var secondPermit = await second;
        third.IsCompleted.Should().BeFalse();
        control.Publish(Snapshot(2, new ExecutionParameters { MaxConcurrentNewSessions = 2 }));
        var thirdPermit = await third;
        limiter.Active.Should().Be(2);
        secondPermit.Dispose();
        secondPermit.Dispose();
        limiter.Active.Should().Be(1, "a permit releases once");
        thirdPermit.Dispose();
        limiter.TryEnter(optional: false, out var free).Should().BeTrue();
        free!.Dispose();
    }

    [Fact]
    public async Task Optional_reconnects_wait_while_frozen_and_cancelled_waits_leave_the_queue()
    {
        var control = new ControlSnapshotPublisher(Snapshot(1, new ExecutionParameters { FreezeOptionalReconnects = true }));
        using var limiter = new NewSessionAttemptLimiter(control);

        limiter.IsOptionalReconnectFrozen.Should().BeTrue();
        limiter.TryEnter(optional: true, out _).Should().BeFalse();
        limiter.TryEnter(optional: false, out var required).Should().BeTrue("required attempts are not frozen");
        required!.Dispose();
        using var cts = new CancellationTokenSource();
        var cancelled = limiter.EnterAsync(optional: true, cts.Token);
        var optional = limiter.EnterAsync(optional: true, CancellationToken.None);
        await cts.CancelAsync();
        var cancel = async () => await cancelled;
        await cancel.Should().ThrowAsync<OperationCanceledException>();
        optional.IsCompleted.Should().BeFalse();
        limiter.TryEnter(optional: false, out var past).Should().BeTrue("a frozen optional waiter does not hold up a required attempt");
        past!.Dispose();
        optional.IsCompleted.Should().BeFalse();

        control.Publish(Snapshot(2, ExecutionParameters.Standard));
        (await optional).Dispose();
        limiter.Waiting.Should().Be(0);
    }
}
