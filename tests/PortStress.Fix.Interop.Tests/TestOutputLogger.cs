using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace PortStress.Fix.Interop.Tests;

/// <summary>Writes the engine's log (all levels) into the test's output, so a failed interop run says what the session did.</summary>
internal sealed class TestOutputLogger(ITestOutputHelper output, string name) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {name} {logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; xunit no longer takes output for it.
        }
    }
}
