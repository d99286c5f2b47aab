using DuckDB.NET.Data;
using PortStress.Analytics.Measures;
using PortStress.Analytics.Storage;
using PortStress.Analytics.Tests.Measures;

namespace PortStress.Analytics.Tests.Storage;

public sealed class RecordStoreTests : IDisposable
{
    private readonly RecordFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_folder_with_order_jsonl_is_one_run_named_after_it()
    {
        HandMadeRecords.Write(_folder);
        var runs = RecordRuns.Discover(_folder.Root);
        runs.Should().ContainSingle().Which.Name.Should().Be(Path.GetFileName(_folder.Root));
    }

    [Fact]
    public void A_demo_style_folder_holds_one_run_per_subdirectory_in_name_order()
    {
        HandMadeRecords.Write(_folder, "run-on");
        HandMadeRecords.Write(_folder, "run-off");
        Directory.CreateDirectory(_folder.PathOf("plots"));
        RecordRuns.Discover(_folder.Root).Select(r => r.Name).Should().Equal("run-off", "run-on");
    }

    [Fact]
    public void A_missing_or_empty_records_folder_is_a_clear_error()
    {
        var missing = _folder.PathOf("nope");
        FluentActions.Invoking(() => RecordRuns.Discover(missing)).Should().Throw<RecordsException>().WithMessage("*does not exist*");
        FluentActions.Invoking(() => RecordRuns.Discover(_folder.Root)).Should().Throw<RecordsException>().WithMessage("*no order.jsonl*");
    }

    [Fact]
    public void A_run_without_mids_is_refused_before_loading()
    {
        _folder.Write("", "order", RecordFolder.Order(1, 1, "buy", 100, 0, 0, 0));
        using var store = RecordStore.Create(_folder.PathOf("out", "x.duckdb"));
        FluentActions.Invoking(() => store.Load(RecordRuns.Discover(_folder.Root), new MeasureOptions()))
            .Should().Throw<RecordsException>().WithMessage("*mid.jsonl is missing*");
    }

    [Fact]
    public void A_malformed_line_names_the_file()
    {
        HandMadeRecords.Write(_folder);
        File.AppendAllText(_folder.PathOf("order_event.jsonl"), "{\"orderId\": \"not a number\", \"time\": 1}\n");
        using var store = RecordStore.Create(_folder.PathOf("out", "x.duckdb"));
        FluentActions.Invoking(() => store.Load(RecordRuns.Discover(_folder.Root), new MeasureOptions()))
            .Should().Throw<RecordsException>().WithMessage("*order_event.jsonl*");
    }

    [Fact]
    public void Two_runs_load_into_the_same_tables_and_keep_their_parents_apart()
    {
        HandMadeRecords.Write(_folder, "run-off");
        HandMadeRecords.Write(_folder, "run-on");
        using var store = RecordStore.Create(_folder.PathOf("out", "x.duckdb"));
        var steps = new List<LoadStep>();
        store.Load(RecordRuns.Discover(_folder.Root), new MeasureOptions(), new SyncProgress(steps));
        store.Scalar("SELECT count(*) FROM orders WHERE run = 'run-on'").Should().Be(4);
        store.Scalar("SELECT count(DISTINCT run) FROM child_costs").Should().Be(2);
        steps.Should().NotBeEmpty();
        steps[^1].Done.Should().Be(steps[^1].Total);
        steps.Select(s => s.Done).Should().BeInAscendingOrder();

        var runs = CostReader.Children(store);
        runs.Select(r => r.Run).Should().Equal("run-off", "run-on");
        var all = CostReader.Combined(runs);
        all.Should().HaveCount(8);
        all.Select(c => c.ParentId).Distinct().Should().BeEquivalentTo(new long[] { 1, 2, 1_000_000_001, 1_000_000_002 });
    }

    [Fact]
    public void The_database_is_a_real_file_that_reopens_with_its_tables()
    {
        HandMadeRecords.Write(_folder);
        var path = _folder.PathOf("out", "records.duckdb");
        using (var store = RecordStore.Create(path))
            store.Load(RecordRuns.Discover(_folder.Root), new MeasureOptions());
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM child_costs WHERE shortfallBps IS NOT NULL";
        Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(4);
    }

    [Fact]
    public void Parquet_export_writes_every_table_and_reads_back_the_same_rows()
    {
        HandMadeRecords.Write(_folder);
        using var store = RecordStore.Create(_folder.PathOf("out", "records.duckdb"));
        store.Load(RecordRuns.Discover(_folder.Root), new MeasureOptions());
        var files = store.ExportParquet(_folder.PathOf("parquet"));
        files.Select(Path.GetFileName).Should().Contain(["orders.parquet", "order_events.parquet", "mids.parquet", "child_costs.parquet", "parent_costs.parquet"]);
        files.Should().OnlyContain(f => new FileInfo(f).Length > 0);
        var parquet = RecordStore.Literal(_folder.PathOf("parquet", "child_costs.parquet"));
        store.Scalar($"SELECT sum(shortfallCcy) FROM read_parquet({parquet})").Should().BeApproximately(200 + 280 + 50 - 150, 1e-9);
        store.Scalar($"SELECT count(*) FROM read_parquet({RecordStore.Literal(_folder.PathOf("parquet", "order_events.parquet"))})").Should().Be(9);
    }

    private sealed class SyncProgress(List<LoadStep> steps) : IProgress<LoadStep>
    {
        public void Report(LoadStep value) => steps.Add(value);
    }
}
