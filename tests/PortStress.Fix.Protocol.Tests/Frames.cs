using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Testing;

namespace PortStress.Fix.Protocol.Tests;

/// <summary>Canned frames and the project's own dictionaries, loaded once.</summary>
internal static class Frames
{
    private static readonly Lazy<DataDictionary> OwnFix44 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX44.xml")));
    private static readonly Lazy<DataDictionary> OwnFix42 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX42.xml")));

    public static DataDictionary Fix44 => OwnFix44.Value;

    public static DataDictionary Fix42 => OwnFix42.Value;

    public const string Time = "20261124-14:30:00.123";

    public static byte[] Heartbeat(int seq = 2) => FixText.ToFrame($"8=FIX.4.4|35=0|34={seq}|49=TW|52={Time}|56=ISLD|");

    public static byte[] NewOrderSingle(string extra = "") => FixText.ToFrame(
        $"8=FIX.4.4|35=D|34=2|49=TW|52={Time}|56=ISLD|11=ORD-1|21=1|38=200|40=2|44=101.25|54=1|55=INTC|59=0|60={Time}|{extra}");

    public static byte[] ExecutionReport() => FixText.ToFrame(
        $"8=FIX.4.4|35=8|34=7|49=ISLD|52={Time}|56=TW|6=101.25|11=ORD-1|14=100|17=EXEC-7|31=101.25|32=100|37=VENUE-42|38=200|39=1|40=2|44=101.25|54=1|55=INTC|59=0|60={Time}|150=F|151=100|");

    public static ReadOnlySpan<byte> Bytes(string text) => System.Text.Encoding.Latin1.GetBytes(text);
}
