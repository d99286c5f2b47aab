using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using PortStress.Analytics.Measures;

namespace PortStress.Analytics.Storage;

/// <summary>A step of a long load, for a progress display.</summary>
/// <param name="Stage">What is being done (e.g. <c>run-off/order.jsonl</c>).</param>
/// <param name="Done">Steps done.</param>
/// <param name="Total">Steps in all.</param>
public readonly record struct LoadStep(string Stage, int Done, int Total);

/// <summary>
/// The analytics' embedded DuckDB file: one table per record stream (all runs, with a <c>run</c> column), the
/// measure tables and views built on them (<see cref="MeasureSql"/>), and Parquet export. Not thread-safe.
/// </summary>
public sealed class RecordStore : IDisposable
{
    /// <summary>The default database file name in an output directory.</summary>
    public const string DefaultFileName = "records.duckdb";

    private readonly DuckDBConnection _connection;

    private RecordStore(string path, DuckDBConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The runs loaded.</summary>
    public IReadOnlyList<RecordRun> Runs { get; private set; } = [];

    /// <summary>The open connection (queries of the report and tests).</summary>
    internal DuckDBConnection Connection => _connection;

    /// <summary>Creates a new database file at <paramref name="path"/> (an existing file is replaced).</summary>
    /// <param name="path">The file.</param>
    public static RecordStore Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        foreach (var stale in new[] { full, full + ".wal" })
        {
            if (File.Exists(stale))
                File.Delete(stale);
        }

        var connection = new DuckDBConnection($"Data Source={full}");
        connection.Open();
        var store = new RecordStore(full, connection);
        // Tables are read by key and time, never in file order: dropping the order guarantee lets the load and the
        // measure tables stream in parallel with less memory.
        store.Execute("SET preserve_insertion_order = false");
        return store;
    }

    /// <summary>
    /// Loads every stream of every run into its table, then builds the measures. A missing stream loads as no rows,
    /// except <c>order.jsonl</c> and <c>mid.jsonl</c>, which every run needs.
    /// </summary>
    /// <param name="runs">The runs (see <see cref="RecordRuns.Discover"/>).</param>
    /// <param name="options">Measure options (fees, volatility window).</param>
    /// <param name="progress">Told after each step; null for none.</param>
    /// <exception cref="RecordsException">A required stream is missing or a line does not parse.</exception>
    public void Load(IReadOnlyList<RecordRun> runs, MeasureOptions options, IProgress<LoadStep>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(options);
        if (runs.Count == 0)
            throw new RecordsException("no runs to load");
        foreach (var run in runs)
        {
            foreach (var required in new[] { RecordStreams.Orders, RecordStreams.Mids })
            {
                var file = System.IO.Path.Combine(run.Directory, required.FileName);
                if (!File.Exists(file))
                    throw new RecordsException($"{file} is missing: every run needs {RecordStreams.Orders.FileName} and {RecordStreams.Mids.FileName}");
            }
        }

        var total = (runs.Count * RecordStreams.All.Count) + MeasureSql.Steps.Count;
        var done = 0;
        foreach (var stream in RecordStreams.All)
            Execute($"CREATE TABLE {stream.Table} (run VARCHAR, {stream.ColumnDefinitions})");
        foreach (var run in runs)
        {
            foreach (var stream in RecordStreams.All)
            {
                var file = System.IO.Path.Combine(run.Directory, stream.FileName);
                if (File.Exists(file) && new FileInfo(file).Length > 0)
                {
                    try
                    {
                        Execute($"INSERT INTO {stream.Table} SELECT {Literal(run.Name)} AS run, * FROM "
                            + $"read_json({Literal(file)}, format = 'newline_delimited', columns = {stream.ColumnsArgument})");
                    }
                    catch (DuckDBException e)
                    {
                        throw new RecordsException($"{file}: {FirstLine(e.Message)}", e);
                    }
                }

                progress?.Report(new LoadStep($"{run.Name}/{stream.FileName}", ++done, total));
            }
        }

        Runs = runs;
        Execute("CREATE TABLE fee_schedule (venue VARCHAR, bps DOUBLE)");
        foreach (var (venue, bps) in options.FeeBpsByVenue)
            Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO fee_schedule VALUES ({Literal(venue)}, {bps:R})"));
        foreach (var (name, sql) in MeasureSql.Steps)
        {
            Execute(MeasureSql.Bind(sql, options));
            progress?.Report(new LoadStep(name, ++done, total));
        }
    }

    /// <summary>
    /// Writes every record table and the measure tables as Parquet files (<c>{table}.parquet</c>) into
    /// <paramref name="directory"/>; returns the files.
    /// </summary>
    /// <param name="directory">The directory (created when missing).</param>
    public IReadOnlyList<string> ExportParquet(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        System.IO.Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var table in RecordStreams.All.Select(s => s.Table).Append("fee_schedule").Concat(MeasureSql.Tables))
        {
            var file = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, table + ".parquet"));
            Execute($"COPY {table} TO {Literal(file)} (FORMAT parquet)");
            files.Add(file);
        }

        return files;
    }

    /// <summary>Runs one statement.</summary>
    /// <param name="sql">The statement.</param>
    internal void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and hands each row to <paramref name="read"/>.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="sql">The query.</param>
    /// <param name="read">Maps the current row.</param>
    internal List<T> Query<T>(string sql, Func<DbDataReader, T> read)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(read(reader));
        return rows;
    }

    /// <summary>A single value (NaN for NULL or no row).</summary>
    /// <param name="sql">The query.</param>
    internal double Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);
    }

    /// <summary>A SQL string literal.</summary>
    /// <param name="text">The text.</param>
    internal static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
