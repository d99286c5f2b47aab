using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Hosting;

/// <summary>
/// Reads what the venue sessions' file stores say left the gateway: the ClOrdIDs of the NewOrderSingles,
/// cancels and replaces saved (the engine saves a message before writing it to the socket). Run before the engine
/// opens the stores; the router settles its journal against it (<see cref="Routing.OrderRouter.Recover"/>).
/// </summary>
internal static class VenueStoreScan
{
    /// <summary>The ClOrdIDs (gateway ids) each venue's sessions have sent; a venue maps to null when its stores cannot tell.</summary>
    /// <param name="configuration">The gateway configuration.</param>
    public static Dictionary<string, IReadOnlySet<long>?> Scan(GatewayConfiguration configuration)
    {
        var result = new Dictionary<string, IReadOnlySet<long>?>(StringComparer.Ordinal);
        var configs = FixEngineOptionsMapper.Map(configuration.Engine).Sessions;
        foreach (var venue in configuration.Venues)
        {
            var ids = new HashSet<long>();
            foreach (var id in venue.Sessions)
            {
                var config = configs.FirstOrDefault(c => c.Settings.SessionId == id);
                if (config is null || config.FileStorePath is null
                    || config.Settings.ResetOnLogon || config.Settings.ResetOnLogout || config.Settings.ResetOnDisconnect)
                {
                    ids = null;
                    break;
                }

                using var store = config.CreateStore();
                store.Get(1, store.NextSenderSeqNum - 1, (_, frame) => Collect(frame, ids));
            }

            result[venue.Name] = ids;
        }

        return result;
    }

    private static void Collect(ReadOnlySpan<byte> frame, HashSet<long> ids)
    {
        var reader = new FieldReader(frame);
        var order = false;
        long clOrdId = 0;
        var haveId = false;
        while (reader.MoveNext())
        {
            if (reader.Tag == Tags.MsgType)
            {
                var type = reader.Value;
                order = type.SequenceEqual("D"u8) || type.SequenceEqual("F"u8) || type.SequenceEqual("G"u8);
                if (!order)
                {
                    return;
                }
            }
            else if (reader.Tag == Tags.ClOrdID)
            {
                haveId = reader.TryGetInt64(out clOrdId);
                break;
            }
        }

        if (order && haveId)
        {
            ids.Add(clOrdId);
        }
    }
}
