using System.Text.Json.Nodes;
using PortStress.Fix.Engine;
using PortStress.Gateway.Hosting;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Hosting;

public sealed class GatewayConfigurationTests : IDisposable
{
    private readonly GatewayConfigDir _config = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public void The_sample_config_dir_validates()
    {
        var configuration = GatewayConfiguration.Load(SharedMaterial.InRepository("config", "gateway"));

        configuration.Venues.Should().ContainSingle().Which.Name.Should().Be("XNAS");
        configuration.UpstreamSessions.Should().Equal(new SessionId("FIX.4.4", "GW", "OMS"));
        configuration.SessionVenues.Should().Contain("FIX.4.4:GW->VENUE", "XNAS").And.Contain("FIX.4.4:GW2->VENUE", "XNAS");
        configuration.Engine.Sessions.Should().HaveCount(3);
        configuration.AdminUrls.Should().Equal("http://127.0.0.1:8088");
    }

    [Fact]
    public void The_sample_config_dir_matches_the_sample_venue()
    {
        var venue = PortStress.Venue.VenueOptionsLoader.Load(SharedMaterial.InRepository("config", "venue.sample.json"));
        var configuration = GatewayConfiguration.Load(SharedMaterial.InRepository("config", "gateway"));

        foreach (var session in configuration.Engine.Sessions.Where(s => s.ConnectionType == "initiator"))
        {
            session.SocketConnectPort.Should().Be(venue.Port);
            venue.Sessions.Should().Contain(v => v.BeginString == session.BeginString && v.SenderCompId == session.TargetCompID && v.TargetCompIds.Contains(session.SenderCompID!));
        }
    }

    [Fact]
    public void A_valid_config_dir_loads_with_paths_resolved_against_it()
    {
        var configuration = GatewayConfiguration.Load(_config.Write());

        configuration.Gateway.JournalPath.Should().Be(Path.Combine(_config.Directory, "state", "orders.journal"));
        configuration.Gateway.AdminStatePath.Should().Be(Path.Combine(_config.Directory, "state", "admin.json"), "the default, resolved against the config dir");
        configuration.Engine.BasePath.Should().Be(_config.Directory);
        configuration.Venues.Single().Sessions.Select(s => s.ToString()).Should().Equal("FIX.4.4:GW->VENUE", "FIX.4.4:GW2->VENUE");
    }

    [Fact]
    public void A_missing_directory_is_named()
    {
        var missing = Path.Combine(_config.Directory, "nope");

        Errors(missing).Should().Equal($"{missing}: the configuration directory does not exist");
    }

    [Fact]
    public void A_missing_appsettings_and_missing_venue_files_are_both_reported()
    {
        Errors(_config.Directory).Should().Equal(
            $"appsettings.json: missing (expected in {_config.Directory})",
            "venues/: no venue files (expected one venues/NAME.json per venue, each with its initiator Sessions)");
    }

    [Fact]
    public void A_bad_port_in_a_venue_file_names_the_file_the_session_and_the_key()
    {
        _config.VenueSession("XNAS", 1)["SocketConnectPort"] = 0;

        Errors(_config.Write()).Should().Equal("venues/XNAS.json: Sessions[1] FIX.4.4:GW2->VENUE: SocketConnectPort must be 1..65535 (got '0')");
    }

    [Fact]
    public void A_bad_failover_port_is_named_by_its_failover_index()
    {
        _config.VenueSession("XNAS", 0)["Failover"] = new JsonArray(new JsonObject { ["Host"] = "127.0.0.2", ["Port"] = 70000 });

        Errors(_config.Write()).Should().ContainSingle().Which.Should().StartWith("venues/XNAS.json: Sessions[0] FIX.4.4:GW->VENUE: Failover[0].Port must be 1..65535");
    }

    [Fact]
    public void A_routing_rule_naming_an_unknown_venue_is_reported_with_its_key()
    {
        _config.PortStress["Routing"] = new JsonObject
        {
            ["DefaultVenue"] = "XLON",
            ["Destinations"] = new JsonObject { ["P"] = "ARCA" },
        };

        Errors(_config.Write()).Should().BeEquivalentTo(
            "appsettings.json: PortStress:Routing:Destinations:P: venue 'ARCA' has no session (known venues: XNAS)",
            "appsettings.json: PortStress:Routing:DefaultVenue: venue 'XLON' has no session (known venues: XNAS)");
    }

    [Fact]
    public void A_session_defined_in_two_files_is_reported()
    {
        _config.Venues["XARC"] = new JsonObject
        {
            ["Sessions"] = new JsonArray(JsonNode.Parse(_config.VenueSession("XNAS", 0).ToJsonString())),
        };

        Errors(_config.Write()).Should().Equal(
            "venues/XNAS.json: Sessions[0] FIX.4.4:GW->VENUE: SessionQualifier is needed: FIX.4.4:GW->VENUE is already defined in venues/XARC.json Sessions[0]");
    }

    [Fact]
    public void Two_files_naming_one_venue_and_empty_session_lists_are_reported()
    {
        _config.Venues["XNAS2"] = new JsonObject { ["Venue"] = "XNAS", ["Sessions"] = new JsonArray() };
        _config.Venues["XARC"] = new JsonObject { ["Sessions"] = new JsonArray() };
        ((JsonObject)_config.AppSettings["PortStressFix"]!)["Sessions"] = new JsonArray();

        Errors(_config.Write()).Should().Equal(
            "appsettings.json: PortStressFix:Sessions is empty: the gateway needs at least one upstream acceptor session",
            "venues/XARC.json: Sessions is empty: a venue needs at least one initiator session",
            "venues/XNAS2.json: Venue 'XNAS' is already defined by venues/XNAS.json");
    }

    [Fact]
    public void An_upstream_initiator_and_a_venue_acceptor_are_reported()
    {
        _config.Upstream["ConnectionType"] = "initiator";
        _config.VenueSession("XNAS", 0)["ConnectionType"] = "acceptor";

        var errors = Errors(_config.Write());

        errors.Should().Contain("appsettings.json: Sessions[0] FIX.4.4:GW->OMS: ConnectionType must be acceptor (got 'initiator'): upstream sessions are acceptors; venue sessions go in venues/*.json");
        errors.Should().Contain("venues/XNAS.json: Sessions[0] FIX.4.4:GW->VENUE: ConnectionType must be initiator (got 'acceptor'): venue sessions are initiators; upstream sessions go in appsettings.json");
    }

    [Fact]
    public void A_negative_FinishedOrdersKept_is_reported_and_zero_is_accepted()
    {
        _config.PortStress["Routing"] = new JsonObject { ["FinishedOrdersKept"] = -1 };
        Errors(_config.Write()).Should().BeEquivalentTo("appsettings.json: PortStress:Routing:FinishedOrdersKept must be 0 or more (got '-1')");

        _config.PortStress["Routing"] = new JsonObject { ["FinishedOrdersKept"] = 0 };
        Errors(_config.Write()).Should().BeEmpty();
    }

    [Fact]
    public void ClOrdIdsInMemory_and_ExpectedClOrdIdsPerDay_out_of_bounds_are_reported()
    {
        _config.PortStress["Routing"] = new JsonObject { ["ClOrdIdsInMemory"] = 16, ["ExpectedClOrdIdsPerDay"] = 0 };
        Errors(_config.Write()).Should().BeEquivalentTo(
            "appsettings.json: PortStress:Routing:ClOrdIdsInMemory must be 1,024 to 16,777,216 (got '16'): ClOrdIDs per in-memory table before they go to disk",
            "appsettings.json: PortStress:Routing:ExpectedClOrdIdsPerDay must be 1,000 to 1,000,000,000 (got '0'): it sizes the Bloom filter, about 1.2 bytes per ClOrdID");

        _config.PortStress["Routing"] = new JsonObject { ["ClOrdIdsInMemory"] = 33_554_432, ["ExpectedClOrdIdsPerDay"] = 5_000_000_000 };
        Errors(_config.Write()).Should().HaveCount(2).And.OnlyContain(e => e.Contains("(got '33554432')", StringComparison.Ordinal) || e.Contains("(got '5000000000')", StringComparison.Ordinal));

        _config.PortStress["Routing"] = new JsonObject { ["ClOrdIdsInMemory"] = 1_024, ["ExpectedClOrdIdsPerDay"] = 100_000_000 };
        Errors(_config.Write()).Should().BeEmpty();
        GatewayConfiguration.Read(_config.Directory).Configuration!.Routing.ClOrdIdsInMemory.Should().Be(1_024);
    }

    [Fact]
    public void Unknown_keys_are_reported_in_venue_files_sessions_and_gateway_sections()
    {
        _config.Venues["XNAS"]["Vneue"] = "XNAS";
        _config.VenueSession("XNAS", 0)["HeartbeatInt"] = 30;
        ((JsonObject)_config.PortStress["Gateway"]!)["Journal"] = "x";

        Errors(_config.Write()).Should().BeEquivalentTo(
            "venues/XNAS.json: Vneue is not a known key (expected one of Venue, Sessions)",
            "venues/XNAS.json: Sessions[0] FIX.4.4:GW->VENUE: HeartbeatInt is not a known key (did you mean HeartBtInt?)",
            "appsettings.json: PortStress:Gateway:Journal is not a known key (expected one of JournalPath, FsyncJournal, RecordsDirectory, AdminStatePath)");
    }

    [Fact]
    public void An_empty_admin_state_path_is_named_with_the_file_and_the_key()
    {
        ((JsonObject)_config.PortStress["Gateway"]!)["AdminStatePath"] = "";

        Errors(_config.Write()).Should().Equal("appsettings.json: PortStress:Gateway:AdminStatePath must be a file path (got '')");
    }

    [Fact]
    public void A_relative_admin_state_path_resolves_against_the_config_dir()
    {
        ((JsonObject)_config.PortStress["Gateway"]!)["AdminStatePath"] = "ops/admin-state.json";

        GatewayConfiguration.Load(_config.Write()).Gateway.AdminStatePath.Should().Be(Path.Combine(_config.Directory, "ops", "admin-state.json"));
    }

    [Fact]
    public void A_value_that_does_not_convert_and_broken_json_are_reported_per_file()
    {
        _config.VenueSession("XNAS", 0)["SocketConnectPort"] = "abc";
        _config.Write();
        File.WriteAllText(Path.Combine(_config.Directory, "venues", "XARC.json"), "{ \"Sessions\": [ ");

        var errors = Errors(_config.Directory);

        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e.StartsWith("venues/XARC.json: not valid JSON: ", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("venues/XNAS.json: ", StringComparison.Ordinal) && e.Contains("Sessions:0:SocketConnectPort", StringComparison.Ordinal));
    }

    [Fact]
    public void A_venue_gate_setting_the_binder_cannot_convert_is_reported_not_dropped()
    {
        _config.PortStress["Gate"] = new JsonObject { ["Venues"] = new JsonObject { ["XNAS"] = new JsonObject { ["MessagesPerSecond"] = 0.2 } } };

        Errors(_config.Write()).Should().ContainSingle().Which.Should()
            .StartWith("appsettings.json: ").And.Contain("PortStress:Gate:Venues:XNAS:MessagesPerSecond");
    }

    [Fact]
    public void Gate_control_and_admin_problems_are_reported_with_the_file()
    {
        _config.PortStress["Gate"] = new JsonObject { ["WheelSlots"] = 1000 };
        _config.PortStress["Admin"] = new JsonObject { ["Urls"] = "127.0.0.1:8088;http://10.1.2.3:8088" };

        Errors(_config.Write()).Should().BeEquivalentTo(
            "appsettings.json: PortStress:Gate:WheelSlots must be a power of two (got 1000)",
            "appsettings.json: PortStress:Admin:Urls: '127.0.0.1:8088' is not an http(s) URL.",
            "appsettings.json: PortStress:Admin:Urls: 'http://10.1.2.3:8088' is not a loopback address; set PortStress:Admin:Token before exposing the admin API beyond this host.");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        _config.VenueSession("XNAS", 1)["SocketConnectPort"] = 0;
        _config.Upstream.Remove("SenderCompID");
        _config.PortStress["Routing"] = new JsonObject { ["DefaultVenue"] = "XLON" };

        var errors = Errors(_config.Write());

        errors.Should().HaveCount(3);
        errors.Should().Contain(e => e.StartsWith("appsettings.json: Sessions[0]", StringComparison.Ordinal) && e.Contains("SenderCompID", StringComparison.Ordinal));
    }

    [Fact]
    public void The_run_command_prints_every_problem_and_exits_2_without_a_stack_trace()
    {
        _config.VenueSession("XNAS", 1)["SocketConnectPort"] = 0;
        _config.PortStress["Routing"] = new JsonObject { ["DefaultVenue"] = "XLON" };

        var (exit, _, error) = CommandRunner.Run("run", "--config", _config.Write());

        exit.Should().Be(2);
        error.Should().Contain("2 configuration problems")
            .And.Contain("  venues/XNAS.json: Sessions[1] FIX.4.4:GW2->VENUE: SocketConnectPort must be 1..65535 (got '0')")
            .And.Contain("  appsettings.json: PortStress:Routing:DefaultVenue: venue 'XLON' has no session (known venues: XNAS)")
            .And.NotContain("   at ");
    }

    private static IReadOnlyList<string> Errors(string directory) => GatewayConfiguration.Read(directory).Errors;
}
