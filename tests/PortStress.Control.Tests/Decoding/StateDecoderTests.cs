using PortStress.Control.Decoding;

namespace PortStress.Control.Tests.Decoding;

public class StateDecoderTests
{
    private static readonly ControlFeatures Calm = new() { ConnectLatencyRelative = 1, DecisionToSendRelative = 1 };

    private static StateDecoder NewDecoder(DecoderOptions? options = null) => new(options ?? new DecoderOptions(), DecoderInputs.Frequency, 0);

    [Fact]
    public void Calm_inputs_stay_green()
    {
        var decoder = NewDecoder();
        for (var t = 250; t <= 60_000; t += 250)
            decoder.Decode(Calm, 0.01, t).Changed.Should().BeFalse();
        decoder.State.Should().Be(StressState.Green);
    }

    [Theory]
    [InlineData(0.5, 0, 0, 1, TransitionRule.YellowProbability)]
    [InlineData(0.0, 0.3, 0, 1, TransitionRule.PortPressureDrift)]
    [InlineData(0.0, 0, 0.3, 1, TransitionRule.TimeWaitDrift)]
    [InlineData(0.0, 0, 0, 1.5, TransitionRule.ConnectLatencyGrowth)]
    public void Each_yellow_entry_rule_enters_yellow_and_names_itself(double p, double ppr, double twr, double ctl, TransitionRule rule)
    {
        var decision = NewDecoder().Decode(Calm with { PortPressure = ppr, TimeWaitRatio = twr, ConnectLatencyRelative = ctl }, p, 250);
        decision.Should().Be(new StateDecision(StressState.Green, StressState.Yellow, rule, 0));
    }

    [Fact]
    public void Orange_needs_cfr_rbi_and_dsd_together()
    {
        var burst = Calm with { ConnectFailureRatio = 0.06, RetryBurstIndex = 0.6, DecisionToSendRelative = 1.6 };
        NewDecoder().Decode(burst with { RetryBurstIndex = 0.2 }, 0, 250).To.Should().Be(StressState.Green);
        NewDecoder().Decode(burst with { DecisionToSendRelative = 1.0 }, 0, 250).To.Should().Be(StressState.Green);
        NewDecoder().Decode(burst with { ConnectFailureRatio = 0.0 }, 0, 250).To.Should().Be(StressState.Green);
        var decision = NewDecoder().Decode(burst, 0, 250);
        decision.To.Should().Be(StressState.Orange, "escalation may skip YELLOW");
        decision.Rule.Should().Be(TransitionRule.RetryBurst);
    }

    [Fact]
    public void Repeated_connect_failures_go_straight_to_red()
    {
        var decision = NewDecoder().Decode(Calm with { ConnectFailures = 10, ConnectFailureRatio = 0.3 }, 0.2, 250);
        decision.Should().Be(new StateDecision(StressState.Green, StressState.Red, TransitionRule.RepeatedConnectFailures, 0));
        NewDecoder().Decode(Calm with { ConnectFailures = 9, ConnectFailureRatio = 0.9 }, 0, 250).To.Should().Be(StressState.Green, "nine failures are not yet 'repeated'");
    }

    [Fact]
    public void A_tail_blow_out_reaches_red_only_after_it_persists()
    {
        var decoder = NewDecoder();
        var blownOut = Calm with { ConnectLatencyRelative = 5 };
        decoder.Decode(blownOut, 0, 1000).To.Should().Be(StressState.Yellow, "CTL95 growth alone is YELLOW at first");
        decoder.Decode(blownOut, 0, 2750).To.Should().Be(StressState.Yellow, "1.75 s is under the 2 s persistence");
        var decision = decoder.Decode(blownOut, 0, 3000);
        decision.To.Should().Be(StressState.Red);
        decision.Rule.Should().Be(TransitionRule.PersistentTailBlowOut);
    }

    [Fact]
    public void A_tail_that_dips_restarts_the_persistence_clock()
    {
        var decoder = NewDecoder();
        var blownOut = Calm with { DecisionToSendRelative = 5 };
        decoder.Decode(blownOut, 0, 1000);
        decoder.Decode(Calm, 0, 2000);
        decoder.Decode(blownOut, 0, 2500).To.Should().NotBe(StressState.Red);
        decoder.Decode(blownOut, 0, 4250).To.Should().NotBe(StressState.Red);
        decoder.Decode(blownOut, 0, 4500).To.Should().Be(StressState.Red);
    }

    [Fact]
    public void Exit_thresholds_below_entry_hold_the_state_and_dwell_delays_the_step_down()
    {
        var decoder = NewDecoder();
        decoder.Decode(Calm, 0.6, 1000).To.Should().Be(StressState.Yellow);
        decoder.Decode(Calm, 0.4, 10_000).To.Should().Be(StressState.Yellow, "0.4 is under the entry (0.5) but over the exit (0.3)");
        decoder.Decode(Calm, 0.1, 2000 + 1000).To.Should().Be(StressState.Yellow);
        decoder.Decode(Calm, 0.1, 20_000).To.Should().Be(StressState.Green);

        var fresh = NewDecoder();
        fresh.Decode(Calm, 0.6, 1000);
        fresh.Decode(Calm, 0.1, 5999).To.Should().Be(StressState.Yellow, "YELLOW's dwell is 5 s");
        var down = fresh.Decode(Calm, 0.1, 6000);
        down.Should().Be(new StateDecision(StressState.Yellow, StressState.Green, TransitionRule.Recovered, 1000));
    }

    [Fact]
    public void Red_steps_down_through_orange_and_yellow_each_after_its_dwell()
    {
        var decoder = NewDecoder();
        decoder.Decode(Calm with { ConnectFailures = 20, ConnectFailureRatio = 0.5 }, 1, 0).To.Should().Be(StressState.Red);
        var path = new List<(long, StressState)>();
        for (long t = 250; t <= 120_000; t += 250)
        {
            var d = decoder.Decode(Calm, 0, t);
            if (d.Changed)
                path.Add((t, d.To));
        }
        path.Should().Equal((30_000, StressState.Orange), (40_000, StressState.Yellow), (45_000, StressState.Green));
    }

    [Fact]
    public void A_worse_states_stay_signal_keeps_a_milder_state_up()
    {
        var decoder = NewDecoder();
        decoder.Decode(Calm, 0.6, 0).To.Should().Be(StressState.Yellow);
        var orangeish = Calm with { ConnectFailureRatio = 0.04, RetryBurstIndex = 0.4 };
        decoder.Decode(orangeish, 0, 60_000).To.Should().Be(StressState.Yellow, "two ORANGE stay signals hold YELLOW too");
        decoder.Decode(Calm, 0, 60_250).To.Should().Be(StressState.Green);
    }

    [Fact]
    public void Options_with_an_exit_threshold_above_its_entry_are_refused_with_both_names()
    {
        var act = () => NewDecoder(new DecoderOptions { YellowExitProbability = 0.6 });
        act.Should().Throw<ArgumentException>().WithMessage("*YellowExitProbability (0.6) must be below YellowEntryProbability (0.5)*");
        new DecoderOptions { RedExitConnectFailures = 11, RedTailPersistence = TimeSpan.FromSeconds(-1) }.Check().Should().HaveCount(2);
        new DecoderOptions().Check().Should().BeEmpty();
    }
}
