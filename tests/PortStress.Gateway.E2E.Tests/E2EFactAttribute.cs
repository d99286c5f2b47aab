namespace PortStress.Gateway.E2E.Tests;

/// <summary>
/// A fact that needs Linux, root, iproute2's <c>ip</c> and <c>ss</c> (network namespaces, veth, socket kill) and
/// the <c>portstress</c> build beside the tests; it skips and says which is missing otherwise.
/// </summary>
public sealed class E2EFactAttribute : FactAttribute
{
    public E2EFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "end-to-end namespace tests need Linux";
        else if (!Environment.IsPrivilegedProcess)
            Skip = "end-to-end namespace tests need root (ip netns add, veth, sysctl inside the namespace); CI runs as root";
        else if (Tools.Ip is null)
            Skip = "end-to-end namespace tests need iproute2 ('ip' is not on PATH; apt-get install iproute2)";
        else if (Tools.Ss is null)
            Skip = "end-to-end namespace tests need iproute2's 'ss' (apt-get install iproute2)";
        else if (!File.Exists(Tools.Portstress))
            Skip = $"the portstress build is not beside the tests ({Tools.Portstress})";
    }
}

/// <summary>Where the programs the tests run are.</summary>
internal static class Tools
{
    public static string? Ip { get; } = Find("ip");

    public static string? Ss { get; } = Find("ss");

    /// <summary>The gateway executable's assembly, copied beside the tests by the project reference.</summary>
    public static string Portstress { get; } = Path.Combine(AppContext.BaseDirectory, "portstress.dll");

    /// <summary>The <c>dotnet</c> host running the tests (the child processes use the same one).</summary>
    public static string Dotnet { get; } = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static string? Find(string name) =>
        new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" }.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
