using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Bench;

/// <summary>What every bench client session does the same way: send the bench order, and log out at the end.</summary>
internal static class BenchSessions
{
    /// <summary>Sends order <paramref name="index"/> (built into <paramref name="order"/>); false on backpressure (try again).</summary>
    public static bool TrySendOrder(Session? session, FixMessage order, long index)
    {
        ArgumentNullException.ThrowIfNull(order);
        var started = session ?? throw new InvalidOperationException("not started");
        BenchMessages.FillOrder(order, index, DateTime.UtcNow);
        return started.Send(order) switch
        {
            SendOutcome.Sent => true,
            SendOutcome.Backpressure => false,
            var outcome => throw new InvalidOperationException($"the bench session refused order {index}: {outcome}"),
        };
    }

    /// <summary>Logs <paramref name="session"/> out if it is logged on and waits up to a second for the disconnect.</summary>
    public static async Task LogoutAsync(Session? session)
    {
        if (session is not { IsLoggedOn: true })
        {
            return;
        }

        session.Logout("bench done");
        for (var i = 0; i < 100 && session.IsConnected; i++)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
