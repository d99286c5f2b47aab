using System.Net;
using FluentAssertions.Equivalency;
using PortStress.Testing;

namespace PortStress.Fix.Engine.Tests.EngineSettings;

/// <summary>Paths and helpers the settings tests share.</summary>
internal static class SettingsFixtures
{
    public static string ConfigFolder => SharedMaterial.InRepository("config");

    public static string SampleCfg => Path.Combine(ConfigFolder, "quickfix-sample.cfg");

    public static string SampleJson => Path.Combine(ConfigFolder, "appsettings.sample.json");

    public static string Fix44 => SharedMaterial.InRepository("fixspec", "FIX44.xml");

    /// <summary>Parses settings text as if it were <c>test.cfg</c> in the repository's config folder.</summary>
    public static SettingsReadResult Parse(string text) =>
        QuickFixConfigReader.Parse(new StringReader(text), "test.cfg", ConfigFolder);

    /// <summary>A complete initiator [SESSION] with everything required, to which a test adds or changes keys.</summary>
    public static string Initiator(string extra = "", string target = "VENUE") => $"""
        [SESSION]
        ConnectionType=initiator
        BeginString=FIX.4.4
        SenderCompID=GW
        TargetCompID={target}
        UseDataDictionary=N
        NonStopSession=Y
        SocketConnectHost=127.0.0.1
        SocketConnectPort=5001
        {extra}
        """;

    /// <summary>Structural comparison that compares addresses, endpoints and zones by value.</summary>
    public static EquivalencyAssertionOptions<T> ByValue<T>(EquivalencyAssertionOptions<T> options) => options
        .ComparingByValue<IPAddress>()
        .ComparingByValue<IPEndPoint>()
        .ComparingByValue<TimeZoneInfo>();
}
