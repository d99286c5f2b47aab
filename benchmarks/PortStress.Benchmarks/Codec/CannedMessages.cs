using PortStress.Fix.Protocol;

namespace PortStress.Benchmarks.Codec;

/// <summary>The canned frames the codec benchmarks use: a ~200-byte NewOrderSingle and a ~250-byte ExecutionReport.</summary>
internal static class CannedMessages
{
    public static byte[] NewOrderSingle { get; } = FixText.ToFrame(
        "8=FIX.4.4|35=D|34=1234|49=GATEWAY|52=20261124-14:30:01.123|56=VENUE1|1=ACCT-7|11=ORD-000123|21=1|38=200|40=2|44=101.25|"
        + "54=1|55=INTC|59=0|60=20261124-14:30:01.123|100=XNAS|528=A|");

    public static byte[] ExecutionReport { get; } = FixText.ToFrame(
        "8=FIX.4.4|35=8|34=5678|49=VENUE1|52=20261124-14:30:01.456|56=GATEWAY|1=ACCT-7|6=101.25|11=ORD-000123|14=100|17=EXEC-0000042|"
        + "31=101.25|32=100|37=VENUE-ORD-42|38=200|39=1|40=2|44=101.25|54=1|55=INTC|59=0|60=20261124-14:30:01.455|150=F|151=100|");

    public static byte[] Get(string name) => name == nameof(NewOrderSingle) ? NewOrderSingle : ExecutionReport;
}
