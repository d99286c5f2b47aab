using Microsoft.Win32.SafeHandles;

namespace PortStress.Telemetry.Internal;

/// <summary>
/// A /proc file kept open and re-read from offset 0 into a reused buffer (seq files regenerate on a read at 0),
/// so a steady-state read allocates nothing. The file's namespace is fixed by the thread that opened it.
/// </summary>
internal sealed class ProcFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private byte[] _buffer;

    public ProcFile(string path, int initialSize = 16 * 1024)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        _buffer = new byte[initialSize];
    }

    public string Path { get; }

    /// <summary>Reads the whole file; the span is valid until the next read.</summary>
    public ReadOnlySpan<byte> Read()
    {
        var total = 0;
        while (true)
        {
            if (total == _buffer.Length)
                Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = RandomAccess.Read(_handle, _buffer.AsSpan(total), total);
            if (read == 0)
                return _buffer.AsSpan(0, total);
            total += read;
        }
    }

    public void Dispose() => _handle.Dispose();
}
