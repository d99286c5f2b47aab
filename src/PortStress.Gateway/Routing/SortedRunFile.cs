using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace PortStress.Gateway.Routing;

/// <summary>
/// A sorted run on disk: distinct 64-bit keys in ascending order, as little-endian ulongs with nothing else in the
/// file, searched by binary search through a read-only memory-mapped view. Mapped, not read with
/// <see cref="RandomAccess"/>: a binary search touches ~log₂ n keys, and through the page cache that is a few memory
/// reads instead of as many system calls. The view is read with <see cref="UnmanagedMemoryAccessor.ReadUInt64"/> (the
/// gateway is built without unsafe code; the accessor's bounds check costs nanoseconds, and a lookup reaches a run only
/// when the Bloom filter in front says maybe). The mapping is outside the managed heap (page cache, dropped by the OS
/// under pressure).
/// </summary>
/// <remarks>
/// Reference-counted: each <see cref="SortedRunSet"/> that lists the run holds one reference; when the last is
/// released the view is unmapped and the file deleted, so a lookup holding an older set never reads a closed view.
/// </remarks>
internal sealed class SortedRunFile
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private int _references = 1;

    private SortedRunFile(string path, long count, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Path = path;
        Count = count;
        _map = map;
        _view = view;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The number of keys.</summary>
    public long Count { get; }

    /// <summary>Writes <paramref name="sortedKeys"/> (ascending, distinct) to a new file and opens it as a run.</summary>
    /// <param name="path">The file to create (must not exist).</param>
    /// <param name="sortedKeys">The keys, ascending.</param>
    /// <returns>The run, holding one reference.</returns>
    public static SortedRunFile Write(string path, ReadOnlySpan<ulong> sortedKeys)
    {
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0))
        {
            WriteKeys(file, sortedKeys);
        }

        return Open(path);
    }

    /// <summary>Appends keys to a run file being written, as little-endian ulongs.</summary>
    /// <param name="file">The file.</param>
    /// <param name="keys">The keys.</param>
    public static void WriteKeys(Stream file, ReadOnlySpan<ulong> keys)
    {
        if (BitConverter.IsLittleEndian)
        {
            file.Write(MemoryMarshal.AsBytes(keys));
            return;
        }

        Span<byte> chunk = stackalloc byte[512];
        while (!keys.IsEmpty)
        {
            var count = Math.Min(keys.Length, chunk.Length / sizeof(ulong));
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(chunk[(i * sizeof(ulong))..], keys[i]);
            }

            file.Write(chunk[..(count * sizeof(ulong))]);
            keys = keys[count..];
        }
    }

    /// <summary>Opens an existing run file.</summary>
    /// <param name="path">The file (a whole number of 8-byte keys, at least one).</param>
    /// <returns>The run, holding one reference.</returns>
    public static SortedRunFile Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0 || length % sizeof(ulong) != 0)
        {
            throw new InvalidDataException($"{path}: {length} bytes is not a run of 8-byte keys");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new SortedRunFile(path, length / sizeof(ulong), map, view);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>The key at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    /// <param name="index">The position.</param>
    /// <returns>The key.</returns>
    public ulong this[long index] => FromLittleEndian(_view.ReadUInt64(index * sizeof(ulong)));

    /// <summary>Copies keys from <paramref name="start"/> into <paramref name="buffer"/>, as many as fit or remain.</summary>
    /// <param name="start">The first position.</param>
    /// <param name="buffer">Where to put them.</param>
    /// <returns>How many were copied.</returns>
    public int Read(long start, ulong[] buffer)
    {
        var count = (int)Math.Min(buffer.Length, Count - start);
        _view.ReadArray(start * sizeof(ulong), buffer, 0, count);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(buffer.AsSpan(0, count), buffer.AsSpan(0, count));
        }

        return count;
    }

    /// <summary>True when the run holds <paramref name="key"/> (binary search).</summary>
    /// <param name="key">The key.</param>
    public bool Contains(ulong key)
    {
        long low = 0;
        var high = Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var found = this[middle];
            if (found == key)
            {
                return true;
            }

            if (found < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    /// <summary>Takes one more reference (the run must still hold one).</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Drops one reference; the last unmaps the view and deletes the file.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        _view.Dispose();
        _map.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Scratch: the directory is removed with the history, or recreated when the router next opens.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static ulong FromLittleEndian(ulong value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
}
