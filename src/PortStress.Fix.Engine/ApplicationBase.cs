using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine;

/// <summary>
/// An <see cref="IApplication"/> whose callbacks do nothing: derive from it and override only the
/// ones the application cares about (usually <see cref="FromApp"/>).
/// </summary>
public abstract class ApplicationBase : IApplication
{
    /// <inheritdoc />
    public virtual void OnCreate(SessionId sessionId)
    {
    }

    /// <inheritdoc />
    public virtual void OnLogon(SessionId sessionId)
    {
    }

    /// <inheritdoc />
    public virtual void OnLogout(SessionId sessionId)
    {
    }

    /// <inheritdoc />
    public virtual void ToAdmin(FixMessage message, SessionId sessionId)
    {
    }

    /// <inheritdoc />
    public virtual void FromAdmin(FixMessage message, SessionId sessionId)
    {
    }

    /// <inheritdoc />
    public virtual void ToApp(FixMessage message, SessionId sessionId)
    {
    }

    /// <inheritdoc />
    public virtual void FromApp(FixMessage message, SessionId sessionId)
    {
    }
}
