using System.Net;
using System.Net.Sockets;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Conformance;

/// <summary>
/// Runs one acceptance script against a live acceptor over real TCP connections (as many as the
/// script numbers) and stops at the first step that fails. Every wait is bounded by
/// <see cref="ScriptRunnerOptions.StepTimeout"/>, so a hanging engine fails instead of blocking.
/// </summary>
internal sealed class ScriptRunner
{
    private readonly ScriptRunnerOptions _options;

    /// <summary>Creates a runner.</summary>
    /// <param name="options">Timeout and clock; defaults when null.</param>
    public ScriptRunner(ScriptRunnerOptions? options = null) => _options = options ?? new ScriptRunnerOptions();

    /// <summary>Runs <paramref name="script"/> against the acceptor at <paramref name="endpoint"/>.</summary>
    /// <param name="script">The script.</param>
    /// <param name="endpoint">Where the acceptor listens.</param>
    /// <param name="cancellationToken">Stops the run (the task is then cancelled, not failed).</param>
    public async Task<ScriptResult> RunAsync(ConformanceScript script, IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(endpoint);
        var connections = new Dictionary<int, ClientConnection>();
        try
        {
            for (var i = 0; i < script.Steps.Count; i++)
            {
                var step = script.Steps[i];
                var failure = await RunStepAsync(step, connections, endpoint, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    return new ScriptResult(script.Name, failure with { Step = i + 1, Line = step.Line });
                }
            }

            return new ScriptResult(script.Name, null);
        }
        finally
        {
            foreach (var connection in connections.Values)
            {
                connection.Dispose();
            }
        }
    }

    private async Task<ScriptFailure?> RunStepAsync(ScriptStep step, Dictionary<int, ClientConnection> connections, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        switch (step.Kind)
        {
            case ScriptStepKind.Sleep:
                await Task.Delay(step.Delay, _options.Time, cancellationToken).ConfigureAwait(false);
                return null;

            case ScriptStepKind.Connect:
                if (connections.ContainsKey(step.Connection))
                {
                    return Fail($"connection {step.Connection} is already open");
                }

                try
                {
                    connections[step.Connection] = await ClientConnection.ConnectAsync(endpoint, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
                    return null;
                }
                catch (SocketException e)
                {
                    return Fail($"connect {step.Connection} to {endpoint} failed: {e.Message}");
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return Fail($"connect {step.Connection} to {endpoint} did not complete within {Milliseconds(_options.ConnectTimeout)}");
                }

            case ScriptStepKind.Disconnect:
                if (!connections.Remove(step.Connection, out var closing))
                {
                    return Fail($"connection {step.Connection} is not open");
                }

                closing.Dispose();
                return null;
        }

        if (!connections.TryGetValue(step.Connection, out var connection))
        {
            return Fail($"connection {step.Connection} is not open");
        }

        return step.Kind switch
        {
            ScriptStepKind.Send => await SendAsync(step, connection, cancellationToken).ConfigureAwait(false),
            ScriptStepKind.Expect => await ExpectAsync(step, connection, cancellationToken).ConfigureAwait(false),
            _ => await ExpectDisconnectAsync(step, connections, connection, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<ScriptFailure?> SendAsync(ScriptStep step, ClientConnection connection, CancellationToken cancellationToken)
    {
        var frame = step.Message!.Render(_options.Time.GetUtcNow().UtcDateTime);
        try
        {
            await connection.SendAsync(frame, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (SocketException e)
        {
            return Fail($"send on connection {step.Connection} failed: {e.Message}", FixText.ToText(frame));
        }
    }

    private async Task<ScriptFailure?> ExpectAsync(ScriptStep step, ClientConnection connection, CancellationToken cancellationToken)
    {
        var expected = step.Message!.Render(_options.Time.GetUtcNow().UtcDateTime);
        var expectedText = FixText.ToText(expected);
        var result = await connection.ReceiveAsync(_options.StepTimeout, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case ReceiveOutcome.Frame:
                var mismatch = MessageComparer.Compare(expected, result.Frame);
                return mismatch is null ? null : Fail(mismatch.ToString(), expectedText, FixText.ToText(result.Frame));
            case ReceiveOutcome.TimedOut:
                return Fail($"expected a message on connection {step.Connection}, {result.Detail}", expectedText);
            case ReceiveOutcome.Closed:
                return Fail($"expected a message on connection {step.Connection}, {result.Detail}", expectedText);
            default:
                return Fail($"expected a message on connection {step.Connection}, received bytes that are not a frame: {result.Detail}", expectedText, FixText.ToText(result.Frame));
        }
    }

    private async Task<ScriptFailure?> ExpectDisconnectAsync(ScriptStep step, Dictionary<int, ClientConnection> connections, ClientConnection connection, CancellationToken cancellationToken)
    {
        var result = await connection.ReceiveAsync(_options.StepTimeout, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case ReceiveOutcome.Closed:
                connections.Remove(step.Connection);
                connection.Dispose();
                return null;
            case ReceiveOutcome.TimedOut:
                return Fail($"expected the engine to close connection {step.Connection}, it stayed open ({result.Detail})");
            default:
                return Fail($"expected the engine to close connection {step.Connection}, received a message instead", received: FixText.ToText(result.Frame));
        }
    }

    private static ScriptFailure Fail(string reason, string? expected = null, string? received = null) => new(0, 0, reason, expected, received);

    private static string Milliseconds(TimeSpan span) => $"{span.TotalMilliseconds:F0} ms";
}
