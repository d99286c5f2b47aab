using BenchmarkDotNet.Running;

namespace PortStress.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/PortStress.Benchmarks -- --filter '*'</c>; or
/// <c>-- generate-records --children N --out DIR</c> to write a record set for timing <c>portstress report</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "generate-records")
        {
            Analytics.GenerateRecords.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
