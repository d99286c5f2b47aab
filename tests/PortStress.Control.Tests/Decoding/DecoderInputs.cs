using FsCheck;
using FsCheck.Fluent;
using PortStress.Control.Decoding;

namespace PortStress.Control.Tests.Decoding;

/// <summary>One decoder input: the features and P(stress) of a tick.</summary>
internal readonly record struct DecoderInput(ControlFeatures Features, double P)
{
    public override string ToString() =>
        $"P={P:F2} PPR={Features.PortPressure:F2} TWR={Features.TimeWaitRatio:F2} CFR={Features.ConnectFailureRatio:F2} n={Features.ConnectFailures} CTL={Features.ConnectLatencyRelative:F2} RBI={Features.RetryBurstIndex:F2} DSD={Features.DecisionToSendRelative:F2}";
}

/// <summary>Generators of decoder inputs and a driver that runs a decoder over them (time in milliseconds).</summary>
internal static class DecoderInputs
{
    public const long Frequency = 1000; // timestamps in ms
    public const long TickMs = 250;

    /// <summary>Values that straddle every default threshold, so random inputs cross entry and exit levels often.</summary>
    public static Gen<DecoderInput> Any()
    {
        var ratio = Gen.Elements(0.0, 0.02, 0.04, 0.1, 0.19, 0.21, 0.29, 0.31, 0.5, 0.9);
        var probability = Gen.Elements(0.0, 0.1, 0.29, 0.31, 0.49, 0.51, 0.74, 0.76, 0.89, 0.91, 1.0);
        var relative = Gen.Elements(0.0, 1.0, 1.2, 1.3, 1.49, 1.51, 2.9, 3.1, 4.1, 8.0);
        var failures = Gen.Elements(0L, 3L, 5L, 9L, 10L, 30L);
        return from p in probability
               from ppr in ratio
               from twr in ratio
               from cfr in ratio
               from n in failures
               from ctl in relative
               from rbi in ratio
               from dsd in relative
               select new DecoderInput(new ControlFeatures
               {
                   PortPressure = ppr,
                   TimeWaitRatio = twr,
                   ConnectFailureRatio = cfr,
                   ConnectFailures = n,
                   ConnectLatencyRelative = ctl,
                   RetryBurstIndex = rbi,
                   DecisionToSendRelative = dsd,
               }, p);
    }

    /// <summary>Runs <paramref name="inputs"/> one per tick from t = 0 and returns every decision with its time.</summary>
    public static List<(long Now, StateDecision Decision)> Run(IEnumerable<DecoderInput> inputs, DecoderOptions? options = null, long tickMs = TickMs)
    {
        var decoder = new StateDecoder(options ?? new DecoderOptions(), Frequency, 0);
        var now = 0L;
        var decisions = new List<(long, StateDecision)>();
        foreach (var input in inputs)
        {
            now += tickMs;
            decisions.Add((now, decoder.Decode(input.Features, input.P, now)));
        }
        return decisions;
    }

    public static long DwellMs(DecoderOptions options, StressState state) => (long)options.MinimumDwell(state).TotalMilliseconds;
}
