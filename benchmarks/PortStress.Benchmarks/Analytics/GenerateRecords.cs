using System.Diagnostics;
using System.Globalization;
using PortStress.Testing.Records;

namespace PortStress.Benchmarks.Analytics;

/// <summary>
/// <c>generate-records --children N --out DIR [--seed S]</c>: writes a demo-shaped records folder (run-off/, run-on/)
/// of N child orders with their events, fills, mids, ticks and parents, to time <c>portstress report</c> on
/// (docs/benchmarks.md, Analytics).
/// </summary>
internal static class GenerateRecords
{
    public static void Run(string[] args)
    {
        var children = 1_000_000;
        var seed = 7;
        string? output = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--children":
                    children = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = args[i + 1];
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (output is null)
            throw new ArgumentException("generate-records needs --out DIR");
        var clock = Stopwatch.StartNew();
        var lines = RecordSetGenerator.Write(output, new RecordSetOptions { Children = children, Seed = seed });
        var bytes = Directory.EnumerateFiles(output, "*.jsonl", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} child orders, {bytes / 1e6:N0} MB of jsonl in {output}, written in {clock.Elapsed.TotalSeconds:F1} s"));
    }
}
