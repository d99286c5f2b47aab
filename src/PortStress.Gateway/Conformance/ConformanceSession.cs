namespace PortStress.Gateway.Conformance;

/// <summary>
/// The acceptor session the QuickFIX acceptance scripts are written against
/// (../shared/conformance/README.md): SenderCompID=ISLD, TargetCompID=TW, ResetOnLogon=Y, always
/// open, HeartBtInt from the counterparty's Logon, SendingTime checked within 120 s,
/// OrigSendingTime required on PossDup, validation against the dictionary on, sequence numbers
/// starting at 1, millisecond timestamps.
/// </summary>
/// <param name="ScriptName">The script about to run (for logs).</param>
/// <param name="BeginString">FIX.4.2, FIX.4.4 or FIXT.1.1.</param>
/// <param name="DictionaryPath">The (application) dictionary, e.g. FIX44.xml.</param>
/// <param name="TransportDictionaryPath">The transport dictionary for FIXT sessions (FIXT11.xml), or null.</param>
internal sealed record ConformanceSession(string ScriptName, string BeginString, string DictionaryPath, string? TransportDictionaryPath = null)
{
    /// <summary>The acceptor's CompID (49 on what it sends).</summary>
    public string SenderCompId { get; init; } = "ISLD";

    /// <summary>The scripts' CompID (56 on what the acceptor sends).</summary>
    public string TargetCompId { get; init; } = "TW";

    /// <summary>Reset sequence numbers on every Logon (and answer 141=Y with a reset).</summary>
    public bool ResetOnLogon { get; init; } = true;

    /// <summary>Largest accepted distance between SendingTime and now.</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Validate incoming messages against the dictionary.</summary>
    public bool UseDataDictionary { get; init; } = true;
}
