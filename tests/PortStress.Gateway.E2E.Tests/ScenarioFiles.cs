namespace PortStress.Gateway.E2E.Tests;

/// <summary>
/// The scenario's configuration, rendered from the templates in config/netns-e2e (shared with scripts/netns-e2e.sh,
/// copied beside the tests): two venue simulators (VA, where the pinned session goes and the orders are routed, and VB,
/// whose session is dropped and must reconnect through the exhausted range) and the gateway's config dir.
/// </summary>
internal static class ScenarioFiles
{
    public const int UpstreamPort = 9900;
    public const int VenueAPort = 9901;
    public const int VenueBPort = 9902;
    public const string UpstreamCompId = "OMS";
    public const string GatewayCompId = "GW";

    private static string Templates => Path.Combine(AppContext.BaseDirectory, "netns-e2e");

    /// <summary>Renders every template into <paramref name="directory"/> (same layout) with the namespace's address and the dictionaries' folder.</summary>
    /// <returns>The gateway's records directory.</returns>
    public static string Render(string directory, string address, string fixspec)
    {
        foreach (var template in Directory.EnumerateFiles(Templates, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(Templates, template));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, File.ReadAllText(template).Replace("@ADDR@", address, StringComparison.Ordinal).Replace("@FIXSPEC@", fixspec, StringComparison.Ordinal));
        }

        return Path.Combine(directory, "gateway", "records");
    }
}
