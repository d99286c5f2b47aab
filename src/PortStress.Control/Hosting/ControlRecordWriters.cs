using PortStress.Control.Records;

namespace PortStress.Control.Hosting;

/// <summary>
/// The JSON-lines writers of <c>ticks.jsonl</c> and <c>transitions.jsonl</c> in
/// <see cref="ControlOptions.RecordsDirectory"/>, opened on first use and flushed and closed when the container is
/// disposed (after the hosted loop has stopped).
/// </summary>
public sealed class ControlRecordWriters : IAsyncDisposable
{
    private readonly string _directory;
    private JsonLinesRecordWriter<TickRecord>? _ticks;
    private JsonLinesRecordWriter<TransitionRecord>? _transitions;

    /// <summary>Creates the holder.</summary>
    /// <param name="directory">The records directory.</param>
    public ControlRecordWriters(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = directory;
    }

    /// <summary>The tick records writer.</summary>
    public JsonLinesRecordWriter<TickRecord> Ticks => _ticks ??= new JsonLinesRecordWriter<TickRecord>(_directory);

    /// <summary>The transition records writer.</summary>
    public JsonLinesRecordWriter<TransitionRecord> Transitions => _transitions ??= new JsonLinesRecordWriter<TransitionRecord>(_directory);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ticks is not null)
            await _ticks.DisposeAsync().ConfigureAwait(false);
        if (_transitions is not null)
            await _transitions.DisposeAsync().ConfigureAwait(false);
    }
}
