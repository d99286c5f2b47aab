namespace PortStress.Telemetry.Integration.Tests;

/// <summary>A fact that needs Linux, root and iproute2's <c>ip</c>; it skips and says which is missing otherwise.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "network namespace tests need Linux";
        else if (!Environment.IsPrivilegedProcess)
            Skip = "network namespace tests need root (ip netns add); CI runs as root";
        else if (NetworkNamespace.FindIp() is null)
            Skip = "network namespace tests need iproute2 ('ip' is not on PATH; apt-get install iproute2)";
    }
}
