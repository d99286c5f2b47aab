using System.Runtime;
using System.Runtime.InteropServices;
using PortStress.Gateway.Hosting;

namespace PortStress.Gateway.Bench;

/// <summary>Where the figures came from: CPU model, logical cores, runtime, OS, GC mode, where socket completions run.</summary>
internal sealed record MachineDescription(string Cpu, int Cores, string Runtime, string Os, bool ServerGc, bool InlineSocketCompletions)
{
    public static MachineDescription Current() => new(
        CpuModel(), Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, GCSettings.IsServerGC, SocketCompletionMode.Inline);

    public override string ToString() =>
        $"{Cpu}, {Cores} cores, {Runtime}, {Os}, {(ServerGc ? "server" : "workstation")} GC, socket completions {(InlineSocketCompletions ? "inline" : "on the thread pool")}";

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
