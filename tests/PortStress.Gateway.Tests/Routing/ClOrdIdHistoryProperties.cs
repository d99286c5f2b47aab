using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Tests.Routing;

/// <summary>Random add/contains sequences on a history with a tiny table (so most keys go to disk), against a <see cref="HashSet{T}"/>.</summary>
public class ClOrdIdHistoryProperties
{
    // A small key space, so sequences add keys again and ask for held ones; 0 and the largest key included.
    private static readonly ulong[] KeySpace = [0, ulong.MaxValue, .. Enumerable.Range(1, 300).Select(i => (ulong)i * 0x9E3779B97F4A7C1UL)];

    private static Arbitrary<(int Capacity, (bool Add, int Key)[] Ops)> Sequences() =>
        Gen.Choose(1, 8).SelectMany(capacity =>
            Gen.Choose(0, 3).Select(op => op != 0).SelectMany(add => Gen.Choose(0, KeySpace.Length - 1).Select(key => (add, key)))
                .ArrayOf().Select(ops => (capacity, ops)))
        .ToArbitrary();

    [Property(MaxTest = 60)]
    public Property The_history_answers_as_a_set_does() => Prop.ForAll(Sequences(), sequence =>
    {
        var dir = Directory.CreateTempSubdirectory("clordid-property-").FullName;
        try
        {
            var model = new HashSet<ulong>();
            using (var history = new ClOrdIdHistory(Path.Combine(dir, "h"), sequence.Capacity, expectedKeys: 100))
            {
                foreach (var (add, index) in sequence.Ops)
                {
                    var key = KeySpace[index];
                    var answer = add ? history.Add(key) : history.Contains(key);
                    var expected = add ? model.Add(key) : model.Contains(key);
                    if (answer != expected)
                    {
                        return false.Label($"{(add ? "Add" : "Contains")}({key}) gave {answer}, the set {expected}");
                    }
                }

                history.WaitForBackgroundWork();
                var missing = model.Where(k => !history.Contains(k)).ToList();
                var extra = KeySpace.Where(k => !model.Contains(k) && history.Contains(k)).ToList();
                return (missing.Count == 0 && extra.Count == 0 && history.Count == model.Count)
                    .Label($"missing {missing.Count}, extra {extra.Count}, count {history.Count} against {model.Count}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    });
}
