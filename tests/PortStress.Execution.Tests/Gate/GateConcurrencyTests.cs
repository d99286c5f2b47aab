using PortStress.Control;

namespace PortStress.Execution.Tests.Gate;

public sealed class GateConcurrencyTests
{
    [Fact]
    public async Task Submissions_and_venue_answers_from_many_threads_each_get_exactly_one_outcome()
    {
        using var h = new GateHarness(o => o.Capacity = 1024, sessions: 2);
        h.Publish(StressState.Yellow, new ExecutionParameters { ClipTrim = 0.1 });
        var intents = Enumerable.Range(0, 8000).Select(_ => h.Intent(quantity: 1000)).ToArray();
        var listener = new RecordingListener();
        var submitters = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = t; i < intents.Length; i += 4)
                h.Gate.Submit(intents[i], listener);
        })).ToArray();
        var answerer = Task.Run(() =>
        {
            var now = h.Time.GetTimestamp();
            for (var round = 0; round < 50; round++)
            {
                foreach (var intent in intents)
                {
                    h.Gate.OnAcknowledged(intent.OrderId, now);
                    h.Gate.OnDone(intent.OrderId, 0, now);
                }
            }
        });
        await Task.WhenAll(submitters);
        await answerer;
        foreach (var intent in intents)
            h.Gate.OnDone(intent.OrderId, 0, h.Time.GetTimestamp());

        listener.Outcomes.Should().HaveCount(intents.Length);
        listener.Outcomes.Select(o => o.Intent.OrderId).Should().OnlyHaveUniqueItems();
        listener.Outcomes.Should().OnlyContain(o => o.Kind == GateOutcomeKind.Sent && o.SentQuantity == 900 && o.TrimmedQuantity == 100);
        h.Sessions.Sum(s => s.Sent.Count).Should().Be(intents.Length);
        h.Gate.LiveCount.Should().Be(0);
    }
}
