namespace PortStress.Fix.Engine;

/// <summary>
/// Lets a controller above the engine pace new-session attempts: the initiator asks before each connect and holds
/// the permit until the attempt ends (logged on, or failed). A controller caps concurrent attempts and freezes
/// optional reconnection churn by not granting permits; the engine only waits.
/// </summary>
public interface ISessionAttemptGate
{
    /// <summary>Waits until <paramref name="session"/> may start a connect-and-logon attempt.</summary>
    /// <param name="session">The session about to connect.</param>
    /// <param name="cancellationToken">Cancelled when the initiator stops.</param>
    /// <returns>The permit; disposing it ends the attempt.</returns>
    ValueTask<IDisposable> EnterAsync(SessionId session, CancellationToken cancellationToken);
}
