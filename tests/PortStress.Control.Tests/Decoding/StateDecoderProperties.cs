using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortStress.Control.Decoding;

namespace PortStress.Control.Tests.Decoding;

/// <summary>The controller invariants (issue 5): dwell, bounded flapping, one-level step-down, monotone escalation.</summary>
public class StateDecoderProperties
{
    private static readonly DecoderOptions Defaults = new();

    private static Arbitrary<DecoderInput[]> Sequences() =>
        DecoderInputs.Any().ArrayOf().Select(a => a.Length == 0 ? a : a.Concat(a).Concat(a).ToArray()).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Minimum_dwell_is_always_respected_before_stepping_down() => Prop.ForAll(Sequences(), inputs =>
    {
        var enteredAt = 0L;
        var state = StressState.Green;
        foreach (var (now, d) in DecoderInputs.Run(inputs))
        {
            d.From.Should().Be(state);
            if (!d.Changed)
                continue;
            d.PreviousEnteredAt.Should().Be(enteredAt, "the decoder reports when the state it left was entered");
            if (d.To < d.From)
                (now - enteredAt).Should().BeGreaterThanOrEqualTo(DecoderInputs.DwellMs(Defaults, d.From), $"{d.From} was entered at {enteredAt} ms and left at {now} ms");
            state = d.To;
            enteredAt = now;
        }
        return true;
    });

    [Property(MaxTest = 300)]
    public Property The_state_steps_down_one_level_at_a_time() => Prop.ForAll(Sequences(), inputs =>
    {
        foreach (var (_, d) in DecoderInputs.Run(inputs))
        {
            if (d.To < d.From)
            {
                ((int)d.From - (int)d.To).Should().Be(1);
                d.Rule.Should().Be(TransitionRule.Recovered);
            }
            else if (d.To > d.From)
            {
                d.Rule.Should().NotBe(TransitionRule.Recovered).And.NotBe(TransitionRule.None);
            }
        }
        return true;
    });

    private static Arbitrary<(int Dimension, double Amplitude, int HalfPeriod, double[] Noise)> Oscillations() =>
        (from dimension in Gen.Choose(0, 6)
         from amplitude in Gen.Elements(0.01, 0.05, 0.1, 0.2, 0.5)
         from halfPeriod in Gen.Choose(1, 40)
         from noise in Gen.Choose(-100, 100).Select(n => n / 100.0).ArrayOf(1200)
         select (dimension, amplitude, halfPeriod, noise)).ToArbitrary();

    /// <summary>
    /// Inputs oscillate around one threshold (a square wave of random amplitude and period plus noise) for five
    /// minutes. Each step-down needs the dwell of the state it leaves (≥ 5 s by default) since that state was entered,
    /// and the state can rise at most 3 levels more than it falls, so any 60 s window holds at most
    /// 2 × (60 / 5 + 1) + 3 = 29 transitions, whatever the oscillation.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Transitions_per_minute_stay_bounded_under_inputs_oscillating_around_a_threshold() => Prop.ForAll(Oscillations(), o =>
    {
        var inputs = new List<DecoderInput>();
        for (var i = 0; i < o.Noise.Length; i++)
        {
            var sign = i / o.HalfPeriod % 2 == 0 ? 1 : -1;
            var wiggle = sign * o.Amplitude + o.Noise[i] * o.Amplitude * 0.5;
            inputs.Add(Around(o.Dimension, wiggle));
        }
        var times = DecoderInputs.Run(inputs).Where(x => x.Decision.Changed).Select(x => x.Now).ToList();
        var minDwell = new[] { Defaults.YellowMinimumDwell, Defaults.OrangeMinimumDwell, Defaults.RedMinimumDwell }.Min().TotalSeconds;
        var bound = (int)(2 * (60 / minDwell + 1) + 3);
        for (var i = 0; i < times.Count; i++)
        {
            var inWindow = times.Skip(i).TakeWhile(t => t - times[i] < 60_000).Count();
            inWindow.Should().BeLessThanOrEqualTo(bound, $"transitions from {times[i]} ms over 60 s");
        }
        return true;
    });

    /// <summary>Calm inputs except one dimension placed at its YELLOW/ORANGE/RED threshold plus <paramref name="wiggle"/>.</summary>
    private static DecoderInput Around(int dimension, double wiggle)
    {
        var calm = new ControlFeatures { ConnectLatencyRelative = 1, DecisionToSendRelative = 1 };
        return dimension switch
        {
            0 => new DecoderInput(calm, Math.Clamp(Defaults.YellowEntryProbability + wiggle, 0, 1)),
            1 => new DecoderInput(calm with { PortPressure = Math.Clamp(Defaults.YellowEntryPortPressure + wiggle, 0, 1) }, 0),
            2 => new DecoderInput(calm with { TimeWaitRatio = Math.Clamp(Defaults.YellowEntryTimeWait + wiggle, 0, 1) }, 0),
            3 => new DecoderInput(calm with { ConnectLatencyRelative = Defaults.YellowEntryConnectLatency + wiggle * 4 }, 0),
            4 => new DecoderInput(calm, Math.Clamp(Defaults.OrangeEntryProbability + wiggle * 0.5, 0, 1)),
            5 => new DecoderInput(calm with
            {
                ConnectFailureRatio = Math.Max(0, Defaults.OrangeEntryConnectFailureRatio + wiggle * 0.1),
                RetryBurstIndex = Math.Clamp(Defaults.OrangeEntryRetryBurst + wiggle, 0, 1),
                DecisionToSendRelative = Defaults.OrangeEntryDecisionToSend + wiggle * 2,
            }, 0),
            _ => new DecoderInput(calm with
            {
                ConnectFailures = Math.Max(0, (long)Math.Round(Defaults.RedEntryConnectFailures + wiggle * 20)),
                ConnectFailureRatio = Math.Clamp(Defaults.RedEntryConnectFailureRatio + wiggle * 0.5, 0, 1),
            }, 0),
        };
    }

    private static Arbitrary<(DecoderInput Start, DecoderInput[] Steps)> Worsening() =>
        (from start in DecoderInputs.Any()
         from steps in DecoderInputs.Any().Select(Shrink).ArrayOf()
         select (start, steps)).ToArbitrary();

    /// <summary>Turns an arbitrary input into a small non-negative step.</summary>
    private static DecoderInput Shrink(DecoderInput d) => new(new ControlFeatures
    {
        PortPressure = d.Features.PortPressure / 4,
        TimeWaitRatio = d.Features.TimeWaitRatio / 4,
        ConnectFailureRatio = d.Features.ConnectFailureRatio / 4,
        ConnectFailures = d.Features.ConnectFailures / 4,
        ConnectLatencyRelative = d.Features.ConnectLatencyRelative / 4,
        RetryBurstIndex = d.Features.RetryBurstIndex / 4,
        DecisionToSendRelative = d.Features.DecisionToSendRelative / 4,
    }, d.P / 4);

    [Property(MaxTest = 300)]
    public Property Worsening_inputs_never_lower_the_state() => Prop.ForAll(Worsening(), w =>
    {
        var current = w.Start;
        var inputs = new List<DecoderInput> { current };
        foreach (var step in w.Steps)
        {
            var f = current.Features;
            var s = step.Features;
            current = new DecoderInput(new ControlFeatures
            {
                PortPressure = Math.Min(1, f.PortPressure + s.PortPressure),
                TimeWaitRatio = Math.Min(1, f.TimeWaitRatio + s.TimeWaitRatio),
                ConnectFailureRatio = Math.Min(1, f.ConnectFailureRatio + s.ConnectFailureRatio),
                ConnectFailures = f.ConnectFailures + s.ConnectFailures,
                ConnectLatencyRelative = f.ConnectLatencyRelative + s.ConnectLatencyRelative,
                RetryBurstIndex = Math.Min(1, f.RetryBurstIndex + s.RetryBurstIndex),
                DecisionToSendRelative = f.DecisionToSendRelative + s.DecisionToSendRelative,
            }, Math.Min(1, current.P + step.P));
            // Hold each worsened input for a while so dwell can expire: only worsening must keep the state up.
            inputs.AddRange(Enumerable.Repeat(current, 50));
        }
        var previous = StressState.Green;
        foreach (var (now, d) in DecoderInputs.Run(inputs))
        {
            ((int)d.To).Should().BeGreaterThanOrEqualTo((int)previous, $"inputs only worsened, yet the state fell at {now} ms");
            previous = d.To;
        }
        return true;
    });
}
