using System.Globalization;

namespace PortStress.Fix.Engine.Internal;

/// <summary>Rules across sessions: no session twice, and acceptors sharing a listen endpoint agree on TLS and can be told apart by their Logon.</summary>
internal static class SessionSetCheck
{
    public static IReadOnlyList<EngineSessionConfig> Check(IReadOnlyList<(EngineSessionConfig Config, RawSession Raw)> sessions, SettingsErrorSink errors)
    {
        var seen = new Dictionary<SessionId, RawSession>();
        var routes = new Dictionary<(System.Net.IPEndPoint, string, string, string), RawSession>();
        var listeners = new Dictionary<System.Net.IPEndPoint, (EngineSessionConfig Config, RawSession Raw)>();
        var result = new List<EngineSessionConfig>();
        foreach (var (config, raw) in sessions)
        {
            var id = config.Settings.SessionId;
            var ok = true;
            if (!seen.TryAdd(id, raw))
            {
                ok = Report(errors, raw, id, "SessionQualifier", $"is needed: {id} is already defined at {Where(seen[id])}");
            }

            if (config.Acceptor is { } acceptor)
            {
                if (!routes.TryAdd((acceptor.Listen, id.BeginString, id.SenderCompId, id.TargetCompId), raw) && ok)
                {
                    ok = Report(errors, raw, id, "SocketAcceptPort", $"is shared with the session at {Where(routes[(acceptor.Listen, id.BeginString, id.SenderCompId, id.TargetCompId)])} with the same CompIDs; an acceptor tells sessions apart by BeginString and CompIDs only");
                }

                if (listeners.TryGetValue(acceptor.Listen, out var first))
                {
                    var other = first.Config.Acceptor!;
                    if (other.TlsCertificate?.Thumbprint != acceptor.TlsCertificate?.Thumbprint || other.RequireClientCertificate != acceptor.RequireClientCertificate)
                    {
                        ok = Report(errors, raw, id, "SSLEnable", $"must match the session at {Where(first.Raw)}: sessions on one listen endpoint ({acceptor.Listen}) share its TLS settings");
                    }
                }
                else
                {
                    listeners.Add(acceptor.Listen, (config, raw));
                }
            }

            if (ok)
            {
                result.Add(config);
            }
        }

        return result;
    }

    private static string Where(RawSession raw) =>
        raw.HeaderLine is { } line ? $"{raw.Source}:{line.ToString(CultureInfo.InvariantCulture)}" : raw.Source;

    private static bool Report(SettingsErrorSink errors, RawSession raw, SessionId id, string key, string reason)
    {
        errors.Add(new SettingsError(raw.Source, raw.HeaderLine, raw.HeaderSection, id.ToString(), raw.Display(key), reason));
        return false;
    }
}
