using System.Runtime;
using System.Runtime.InteropServices;

namespace PortStress.Gateway.Bench;

/// <summary>Where the figures came from: CPU model, logical cores, runtime, OS, GC mode.</summary>
internal sealed record MachineDescription(string Cpu, int Cores, string Runtime, string Os, bool ServerGc)
{
    public static MachineDescription Current() => new(
        CpuModel(), Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, GCSettings.IsServerGC);

    public override string ToString() => $"{Cpu}, {Cores} cores, {Runtime}, {Os}, {(ServerGc ? "server" : "workstation")} GC";

    private static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (File.Exists(CpuInfo))
        {
            foreach (var line in File.ReadLines(CpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
