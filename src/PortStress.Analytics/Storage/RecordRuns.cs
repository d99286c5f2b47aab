namespace PortStress.Analytics.Storage;

/// <summary>The records of one run: a directory holding its <c>*.jsonl</c> streams.</summary>
/// <param name="Name">The run's name (its directory name): the <c>run</c> column of every table.</param>
/// <param name="Directory">The directory.</param>
public sealed record RecordRun(string Name, string Directory);

/// <summary>Bad or missing records: the message says which file or directory and what is wrong.</summary>
public sealed class RecordsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RecordsException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public RecordsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="inner">The cause.</param>
    public RecordsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Finds the runs under a records directory.</summary>
public static class RecordRuns
{
    /// <summary>
    /// The runs of <paramref name="directory"/>: the directory itself when it holds <c>order.jsonl</c> (one run), else
    /// each immediate subdirectory that does, by name (the demo's <c>run-off/</c> and <c>run-on/</c>).
    /// </summary>
    /// <param name="directory">The records directory.</param>
    /// <exception cref="RecordsException">It does not exist or holds no run.</exception>
    public static IReadOnlyList<RecordRun> Discover(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
            throw new RecordsException($"records directory {full} does not exist");
        var orders = RecordStreams.Orders.FileName;
        if (File.Exists(Path.Combine(full, orders)))
            return [new RecordRun(Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)), full)];
        var runs = System.IO.Directory.EnumerateDirectories(full)
            .Where(d => File.Exists(Path.Combine(d, orders)))
            .Order(StringComparer.Ordinal)
            .Select(d => new RecordRun(Path.GetFileName(d), d))
            .ToList();
        if (runs.Count == 0)
            throw new RecordsException($"{full} holds no records: no {orders} in it or in any directory directly under it");
        return runs;
    }
}
