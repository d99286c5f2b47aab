using System.Globalization;

namespace PortStress.Control.Training;

/// <summary>
/// How <c>portstress train</c> labels a recorded tick as PORT_STRESS: stressed when any enabled threshold is met
/// (PPR, TWR, CFR, or CTL95 over its baseline). A null threshold is not used. The rule is configuration: the
/// command takes it as <c>--labels "ppr=0.5,twr=0.5,cfr=0.1,ctl95=3"</c> (<c>off</c> disables one).
/// </summary>
public sealed record LabelRule
{
    /// <summary>Stressed when PPR is at or above this. Default 0.5.</summary>
    public double? PortPressure { get; init; } = 0.5;

    /// <summary>Stressed when TWR is at or above this. Default 0.5.</summary>
    public double? TimeWaitRatio { get; init; } = 0.5;

    /// <summary>Stressed when CFR is at or above this. Default 0.1.</summary>
    public double? ConnectFailureRatio { get; init; } = 0.1;

    /// <summary>Stressed when CTL95 is at or above this multiple of its baseline. Default 3.</summary>
    public double? ConnectLatencyRelative { get; init; } = 3;

    /// <summary>The label of one tick.</summary>
    /// <param name="features">The tick's features.</param>
    public bool IsStressed(in ControlFeatures features) =>
        features.PortPressure >= PortPressure
        || features.TimeWaitRatio >= TimeWaitRatio
        || features.ConnectFailureRatio >= ConnectFailureRatio
        || features.ConnectLatencyRelative >= ConnectLatencyRelative;

    /// <summary>
    /// Parses <c>key=value</c> pairs separated by commas (keys <c>ppr</c>, <c>twr</c>, <c>cfr</c>, <c>ctl95</c>;
    /// value a number or <c>off</c>); keys not given keep their defaults.
    /// </summary>
    /// <param name="text">The rule text.</param>
    /// <exception cref="FormatException">A part is not <c>key=value</c>, the key is unknown or the value is not a number.</exception>
    public static LabelRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rule = new LabelRule();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new FormatException($"label rule part '{part}' is not key=value (keys: ppr, twr, cfr, ctl95)");
            var key = part[..eq].Trim().ToLowerInvariant();
            var valueText = part[(eq + 1)..].Trim();
            double? value;
            if (valueText.Equals("off", StringComparison.OrdinalIgnoreCase))
                value = null;
            else if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                value = number;
            else
                throw new FormatException($"label rule '{key}': '{valueText}' is not a number or 'off'");
            rule = key switch
            {
                "ppr" => rule with { PortPressure = value },
                "twr" => rule with { TimeWaitRatio = value },
                "cfr" => rule with { ConnectFailureRatio = value },
                "ctl95" => rule with { ConnectLatencyRelative = value },
                _ => throw new FormatException($"label rule key '{key}' is unknown (keys: ppr, twr, cfr, ctl95)"),
            };
        }
        if (rule.PortPressure is null && rule.TimeWaitRatio is null && rule.ConnectFailureRatio is null && rule.ConnectLatencyRelative is null)
            throw new FormatException("label rule: every threshold is off, nothing could be labelled stressed");
        return rule;
    }

    /// <summary>The rule in the syntax <see cref="Parse"/> reads.</summary>
    public override string ToString()
    {
        static string V(double? v) => v is { } x ? x.ToString("G", CultureInfo.InvariantCulture) : "off";
        return $"ppr={V(PortPressure)},twr={V(TimeWaitRatio)},cfr={V(ConnectFailureRatio)},ctl95={V(ConnectLatencyRelative)}";
    }
}
