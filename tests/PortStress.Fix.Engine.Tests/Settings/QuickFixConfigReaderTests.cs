using System.Net;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Validation;
using PortStress.Telemetry.Connect;
using static PortStress.Fix.Engine.Tests.EngineSettings.SettingsFixtures;

namespace PortStress.Fix.Engine.Tests.EngineSettings;

/// <summary>QuickFIX .cfg files read into engine session configs, and every kind of problem reported.</summary>
public sealed class QuickFixConfigReaderTests
{
    [Fact]
    public void The_sample_file_reads_into_an_initiator_with_failovers_and_an_acceptor()
    {
        var result = QuickFixConfigReader.Read(SampleCfg);

        result.Errors.Should().BeEmpty();
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var validation = new ValidationOptions { AllowUserDefinedFields = true };
        var expected = new[]
        {
            new EngineSessionConfig
            {
                Settings = new SessionSettings
                {
                    SessionId = new SessionId("FIX.4.4", "GW", "VENUE"),
                    ConnectionType = ConnectionType.Initiator,
                    DataDictionary = Fix44,
                    Validation = validation,
                    TimestampPrecision = TimestampPrecision.Microseconds,
                    MaxMessagesInResendRequest = 2500,
                    Schedule = new SessionSchedule
                    {
                        StartDay = DayOfWeek.Sunday,
                        EndDay = DayOfWeek.Friday,
                        StartTime = new TimeOnly(18, 0),
                        EndTime = new TimeOnly(17, 0),
                        TimeZone = newYork,
                    },
                },
                Origin = SampleCfg + ":17",
                Targets = [new("127.0.0.1", 5001), new("127.0.0.2", 5001), new("venue-dr.example.net", 6001)],
                Reconnect = new ReconnectPolicy { Base = TimeSpan.FromSeconds(1), Multiplier = 2, Cap = TimeSpan.FromSeconds(30) },
                Connector = new ConnectorOptions
                {
                    LocalAddress = IPAddress.Loopback,
                    SourcePortWindow = (40000, 40999),
                    ConnectTimeout = TimeSpan.FromSeconds(3),
                },
                FileStorePath = Path.Combine(ConfigFolder, "store"),
                FileLogPath = Path.Combine(ConfigFolder, "log"),
            },
            new EngineSessionConfig
            {
                Settings = new SessionSettings
                {
                    SessionId = new SessionId("FIX.4.4", "GW", "OMS"),
                    ConnectionType = ConnectionType.Acceptor,
                    DataDictionary = Fix44,
                    Validation = validation,
                    ResetOnLogout = true,
                    Schedule = new SessionSchedule
                    {
                        StartTime = new TimeOnly(6, 0),
                        EndTime = new TimeOnly(20, 0),
                        Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
                    },
                },
                Origin = SampleCfg + ":41",
                Acceptor = new AcceptorOptions { Listen = new IPEndPoint(IPAddress.Any, 9880) },
                FileStorePath = Path.Combine(ConfigFolder, "store"),
                FileStoreFlushPolicy = StoreFlushPolicy.EveryMessage,
                FileLogPath = Path.Combine(ConfigFolder, "log"),
            },
        };
        result.Sessions.Should().BeEquivalentTo(expected, o => ByValue(o).WithStrictOrdering());
    }

    [Fact]
    public void Default_values_are_inherited_and_a_session_overrides_them()
    {
        var result = Parse("""
            # comment line

            [DEFAULT]
            HeartBtInt=20
            CheckLatency=N
            """ + "\n" + Initiator("HeartBtInt=45") + "\n" + Initiator(target: "OTHER"));

        result.Errors.Should().BeEmpty();
        result.Sessions.Select(s => s.Settings.HeartBtInt.TotalSeconds).Should().Equal(45, 20);
        result.Sessions.Should().AllSatisfy(s => s.Settings.CheckLatency.Should().BeFalse());
    }

    [Fact]
    public void An_unknown_key_is_reported_with_file_line_section_and_a_suggestion()
    {
        var result = Parse(Initiator("HeartbeatInt=30\nheartbtint=30\nFooBar=1"));

        result.Sessions.Should().BeEmpty("a session with a problem is not returned");
        result.Errors.Select(e => e.ToString()).Should().Equal(
            "test.cfg:10 [SESSION]: HeartbeatInt is not a known key (did you mean HeartBtInt?)",
            "test.cfg:11 [SESSION]: heartbtint is not a known key (did you mean HeartBtInt?)",
            "test.cfg:12 [SESSION]: FooBar is not a known key (see docs/configuration.md)");
    }

    [Fact]
    public void Every_problem_is_reported_at_once_not_just_the_first()
    {
        var result = Parse("""
            [DEFAULT]
            ResetOnLogon=maybe
            [SESSION]
            ConnectionType=initiator
            BeginString=FIX.4.4
            SenderCompID=GW
            TargetCompID=VENUE
            UseDataDictionary=N
            NonStopSession=Y
            SocketConnectPort=70000
            TimeStampPrecision=CENTISECOND
            Unknown=1
            [SESSION]
            ConnectionType=acceptor
            BeginString=FIX.4.4
            SenderCompID=GW
            StartTime=25:00:00
            EndTime=17:00:00
            """);

        result.Errors.Should().BeEquivalentTo(new[]
        {
            new SettingsError("test.cfg", 12, "SESSION", null, "Unknown", "is not a known key (see docs/configuration.md)"),
            new SettingsError("test.cfg", 2, "DEFAULT", null, "ResetOnLogon", "must be Y or N (got 'maybe')"),
            new SettingsError("test.cfg", 11, "SESSION", "FIX.4.4:GW->VENUE", "TimeStampPrecision", "must be SECOND, MILLISECOND, MICROSECOND or NANOSECOND (got 'CENTISECOND')"),
            new SettingsError("test.cfg", 10, "SESSION", "FIX.4.4:GW->VENUE", "SocketConnectPort", "must be 1..65535 (got '70000')"),
            new SettingsError("test.cfg", 3, "SESSION", "FIX.4.4:GW->VENUE", "SocketConnectHost", "is required for initiator sessions"),
            new SettingsError("test.cfg", 13, "SESSION", null, "TargetCompID", "is required"),
            new SettingsError("test.cfg", 13, "SESSION", null, "DataDictionary", "is required when UseDataDictionary=Y (set UseDataDictionary=N to run without validation)"),
            new SettingsError("test.cfg", 17, "SESSION", null, "StartTime", "must be a time of day HH:MM:SS (got '25:00:00')"),
            new SettingsError("test.cfg", 13, "SESSION", null, "SocketAcceptPort", "is required for acceptor sessions"),
        });
    }

    [Fact]
    public void Lines_that_are_not_settings_and_unknown_sections_are_reported()
    {
        var result = Parse("Orphan=1\n[SESSIONS]\n" + Initiator("this line has no equals sign"));

        result.Errors.Select(e => (e.Line, e.Key, e.Reason)).Should().Equal(
            (1, "Orphan", "is outside a section (start the file with [DEFAULT] or [SESSION])"),
            (2, "[SESSIONS]", "is not a known section (expected [DEFAULT] or [SESSION])"),
            (12, "this line has no equals sign", "is not a setting (expected Key=Value, or a comment starting with #)"));
    }

    [Fact]
    public void A_key_set_twice_in_a_section_and_a_file_without_sessions_are_reported()
    {
        Parse(Initiator("HeartBtInt=10\nHeartBtInt=20")).Errors.Should().ContainSingle()
            .Which.Should().Be(new SettingsError("test.cfg", 11, "SESSION", null, "HeartBtInt", "is set twice in this section (first on line 10)"));
        Parse("[DEFAULT]\nHeartBtInt=10").Errors.Should().ContainSingle()
            .Which.Reason.Should().Be("is missing: the file defines no session");
    }

    [Fact]
    public void Unsupported_behaviour_is_refused_and_the_engines_own_is_accepted()
    {
        Parse(Initiator("RefreshOnLogon=N\nSendRedundantResendRequests=N")).Errors.Should().BeEmpty();
        Parse(Initiator("RefreshOnLogon=Y\nSendRedundantResendRequests=Y")).Errors.Select(e => e.Key)
            .Should().Equal("RefreshOnLogon", "SendRedundantResendRequests");
    }

    [Fact]
    public void Failover_numbers_must_run_without_gaps_and_pair_host_with_port()
    {
        var result = Parse(Initiator("SocketConnectHost1=a\nSocketConnectPort1=1\nSocketConnectHost3=c\nSocketConnectPort3=3\nSocketConnectHost4=d"));

        result.Errors.Select(e => $"{e.Key} {e.Reason}").Should().Equal(
            "SocketConnectHost2 is required with SocketConnectPort2 (failovers are numbered 1..4 without gaps)",
            "SocketConnectPort2 is required with SocketConnectHost2 (failovers are numbered 1..4 without gaps)",
            "SocketConnectPort4 is required with SocketConnectHost4 (failovers are numbered 1..4 without gaps)");
    }

    [Theory]
    [InlineData("FIX.5.0SP2")]
    [InlineData("FIX50SP2")]
    [InlineData("9")]
    public void DefaultApplVerID_takes_names_and_numbers(string value)
    {
        var result = Parse($"""
            [SESSION]
            ConnectionType=initiator
            BeginString=FIXT.1.1
            SenderCompID=GW
            TargetCompID=VENUE
            DefaultApplVerID={value}
            UseDataDictionary=N
            NonStopSession=Y
            SocketConnectHost=localhost
            SocketConnectPort=5001
            """);

        result.Errors.Should().BeEmpty();
        result.Sessions.Single().Settings.DefaultApplVerId.Should().Be("9");
    }

    [Fact]
    public void A_FIXT_session_needs_DefaultApplVerID_and_its_two_dictionaries()
    {
        var result = Parse(Initiator().Replace("FIX.4.4", "FIXT.1.1", StringComparison.Ordinal).Replace("UseDataDictionary=N", "DataDictionary=../fixspec/FIX44.xml", StringComparison.Ordinal));

        result.Errors.Select(e => e.Key).Should().BeEquivalentTo("DefaultApplVerID", "DataDictionary", "TransportDataDictionary", "AppDataDictionary");
    }

    [Theory]
    [InlineData("SECOND", TimestampPrecision.Seconds)]
    [InlineData("MILLISECOND", TimestampPrecision.Milliseconds)]
    [InlineData("MICROSECOND", TimestampPrecision.Microseconds)]
    [InlineData("NANOSECOND", TimestampPrecision.Nanoseconds)]
    public void TimeStampPrecision_names_map_to_precisions(string name, TimestampPrecision precision) =>
        Parse(Initiator($"TimeStampPrecision={name}")).Sessions.Single().Settings.TimestampPrecision.Should().Be(precision);

    [Fact]
    public void Validation_keys_relax_the_validator()
    {
        var settings = Parse(Initiator("ValidateFieldsOutOfOrder=N\nValidateFieldsHaveValues=N\nValidateUserDefinedFields=N\nAllowUnknownMsgFields=Y"))
            .Sessions.Single().Settings;

        settings.Validation.Should().BeEquivalentTo(new ValidationOptions
        {
            AllowFieldsOutOfOrder = true,
            AllowEmptyFields = true,
            AllowUserDefinedFields = true,
            AllowUnknownMessageFields = true,
        });
        Parse(Initiator("ValidateUnorderedGroupFields=N")).Sessions.Single().Settings.Validation
            .Should().BeEquivalentTo(new ValidationOptions { AllowUnorderedGroupFields = true }, "field order and group field order are separate settings");
    }

    [Fact]
    public void Schedule_conflicts_are_reported()
    {
        var withSchedule = Initiator().Replace("NonStopSession=Y\n", string.Empty, StringComparison.Ordinal);

        Parse(withSchedule).Errors.Select(e => e.Key).Should().Equal("StartTime", "EndTime");
        Parse(withSchedule + "\nStartTime=08:00:00\nEndTime=17:00:00\nStartDay=Mon\nWeekdays=Tue").Errors.Select(e => $"{e.Key} {e.Reason}").Should().Equal(
            "EndDay is required with StartDay (a weekly session names both)",
            "Weekdays cannot be combined with StartDay/EndDay (a session is either daily on some weekdays or weekly)");
        Parse(Initiator("StartTime=08:00:00")).Errors.Should().ContainSingle()
            .Which.Reason.Should().Be("cannot be set on a session with NonStopSession=Y");
    }

    [Fact]
    public void A_key_for_the_other_side_is_reported_in_a_session_but_shared_from_the_defaults()
    {
        Parse(Initiator("SocketAcceptPort=9000")).Errors.Should().ContainSingle()
            .Which.Reason.Should().Be("applies to acceptor sessions only");
        Parse("[DEFAULT]\nSocketAcceptPort=9000\n" + Initiator()).Errors.Should().BeEmpty();
    }

    [Fact]
    public void A_session_defined_twice_and_a_missing_dictionary_file_are_reported()
    {
        Parse(Initiator() + "\n" + Initiator()).Errors.Should().ContainSingle()
            .Which.Reason.Should().StartWith("is needed: FIX.4.4:GW->VENUE is already defined at test.cfg:1");
        Parse(Initiator("UseDataDictionary=Y\nDataDictionary=missing.xml").Replace("UseDataDictionary=N\n", string.Empty, StringComparison.Ordinal))
            .Errors.Should().ContainSingle().Which.Reason.Should().StartWith("names a file that does not exist");
    }

    [Fact]
    public void Load_throws_a_SettingsException_listing_every_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"portstress-{Guid.NewGuid():N}.cfg");
        File.WriteAllText(path, Initiator("HeartBtInt=0\nBogus=1"));
        try
        {
            var act = () => QuickFixConfigReader.Load(path);

            var thrown = act.Should().Throw<SettingsException>().Which;
            thrown.Errors.Select(e => e.Key).Should().Equal("Bogus", "HeartBtInt");
            thrown.Message.Should().Contain($"{path}:10 [SESSION] FIX.4.4:GW->VENUE: HeartBtInt must be a whole number of seconds 1..3600 (got '0')");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_one_reported_problem()
    {
        QuickFixConfigReader.Read("/nonexistent/portstress.cfg").Errors.Should().ContainSingle().Which.Key.Should().Be("file");
    }
}
