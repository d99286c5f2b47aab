using PortStress.Control.Policy;

namespace PortStress.Control.Tests.Policy;

public class ControlPolicyTests
{
    [Fact]
    public void Defaults_follow_the_design_table()
    {
        var policy = ControlPolicy.Default;
        policy.For(StressState.Green).Should().BeSameAs(ExecutionParameters.Standard);

        var yellow = policy.For(StressState.Yellow);
        yellow.Should().Be(ExecutionParameters.Standard with { ClipTrim = 0.10, LaunchJitterMax = TimeSpan.FromMilliseconds(50), KeepConnectionsPooled = true });

        var orange = policy.For(StressState.Orange);
        orange.Should().Be(ExecutionParameters.Standard with
        {
            ClipTrim = 0.15,
            LaunchJitterMax = TimeSpan.FromMilliseconds(150),
            CatchUpCap = 1.5,
            RetryRefillScale = 0.5,
            KeepConnectionsPooled = true,
            PreferWarmSessions = true,
            MaxConcurrentNewSessions = 1,
        });

        var red = policy.For(StressState.Red);
        red.Should().Be(orange with
        {
            ContainNonUrgent = true,
            FreezeOptionalReconnects = true,
            RaiseIncident = true,
            RequireApprovalForOverrides = true,
        });
    }

    [Fact]
    public void The_same_instance_is_returned_every_time()
    {
        var policy = new ControlPolicy();
        policy.For(StressState.Orange).Should().BeSameAs(policy.For(StressState.Orange));
    }

    [Fact]
    public void Out_of_range_values_are_refused_with_the_key_and_the_value()
    {
        var options = new PolicyOptions();
        options.Yellow.ClipTrim = 1.0;
        options.Orange.CatchUpCap = 0.5;
        options.Orange.RetryRefillScale = 0;
        options.Red.MaxConcurrentNewSessions = -1;
        options.Red.LaunchJitterMax = TimeSpan.FromSeconds(-1);
        var errors = options.Check("Policy:").ToList();
        errors.Should().BeEquivalentTo(
        [
            "Policy:Yellow:ClipTrim must be at least 0 and below 1 (a fraction of the clip; got 1)",
            "Policy:Orange:CatchUpCap must be at least 1 (a multiple of the schedule rate) or empty for no cap (got 0.5)",
            "Policy:Orange:RetryRefillScale must be above 0 and at most 1 (got 0)",
            "Policy:Red:LaunchJitterMax must be between 00:00:00 and 00:00:10 (got -00:00:01)",
            "Policy:Red:MaxConcurrentNewSessions must be 0 or more, or empty for no cap (got -1)",
        ]);
        var act = () => new ControlPolicy(options);
        act.Should().Throw<ArgumentException>().WithMessage("Invalid policy options: Yellow:ClipTrim must be at least 0 and below 1*");
    }

    [Fact]
    public void A_worse_state_may_not_be_gentler_than_a_milder_one()
    {
        var options = new PolicyOptions();
        options.Orange.ClipTrim = 0.05;
        options.Red.LaunchJitterMax = TimeSpan.FromMilliseconds(100);
        options.Check().Should().BeEquivalentTo(
        [
            "Orange:ClipTrim (0.05) must not be below Yellow:ClipTrim (0.1): a worse state never trims less",
            "Red:LaunchJitterMax (00:00:00.1000000) must not be below Orange:LaunchJitterMax (00:00:00.1500000): a worse state never jitters less",
        ]);
    }

    [Fact]
    public void Red_may_forbid_new_sessions_altogether()
    {
        var options = new PolicyOptions();
        options.Red.MaxConcurrentNewSessions = 0;
        new ControlPolicy(options).For(StressState.Red).MaxConcurrentNewSessions.Should().Be(0);
    }
}
