namespace PortStress.Gateway.Conformance;

/// <summary>What one line of a conformance script asks the runner to do.</summary>
internal enum ScriptStepKind
{
    /// <summary><c>iCONNECT</c> / <c>i2,CONNECT</c>: open client connection N.</summary>
    Connect,

    /// <summary><c>iDISCONNECT</c>: close our side of connection N.</summary>
    Disconnect,

    /// <summary><c>eDISCONNECT</c>: expect the engine to close connection N.</summary>
    ExpectDisconnect,

    /// <summary><c>I…</c> / <c>I2,…</c>: send a message on connection N.</summary>
    Send,

    /// <summary><c>E…</c> / <c>E2,…</c>: expect the next message on connection N to match.</summary>
    Expect,

    /// <summary><c>sleep(N)</c>: wait N seconds.</summary>
    Sleep,
}

/// <summary>One step of a script: its kind, the line it came from, the connection it uses and its message or delay.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Line">1-based line number in the script file.</param>
/// <param name="Connection">Client connection number (1 unless the line says otherwise); 0 for sleep.</param>
/// <param name="Message">The message of a Send or Expect step.</param>
/// <param name="Delay">The wait of a Sleep step.</param>
internal sealed record ScriptStep(ScriptStepKind Kind, int Line, int Connection, MessageTemplate? Message = null, TimeSpan Delay = default)
{
    /// <summary>The step as a short phrase for reports.</summary>
    public override string ToString() => Kind switch
    {
        ScriptStepKind.Connect => $"connect {Connection}",
        ScriptStepKind.Disconnect => $"disconnect {Connection}",
        ScriptStepKind.ExpectDisconnect => $"expect disconnect of {Connection}",
        ScriptStepKind.Send => $"send on {Connection}: {Message}",
        ScriptStepKind.Expect => $"expect on {Connection}: {Message}",
        _ => $"sleep {Delay.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s",
    };
}
