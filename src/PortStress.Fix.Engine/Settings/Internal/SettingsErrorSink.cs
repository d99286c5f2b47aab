namespace PortStress.Fix.Engine.Internal;

/// <summary>
/// Collects every problem found. A bad value in [DEFAULT] is seen once per session that inherits
/// it; it is kept once (same place, key and reason).
/// </summary>
internal sealed class SettingsErrorSink
{
    private readonly List<SettingsError> _errors = [];
    private readonly HashSet<(string Source, int? Line, string Key, string Reason)> _seen = [];

    public IReadOnlyList<SettingsError> Errors => _errors;

    public int Count => _errors.Count;

    public void Add(SettingsError error)
    {
        if (_seen.Add((error.Source, error.Line, error.Key, error.Reason)))
        {
            _errors.Add(error);
        }
    }
}
