using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static PortStress.Fix.Engine.Tests.EngineSettings.SettingsFixtures;

namespace PortStress.Fix.Engine.Tests.EngineSettings;

/// <summary>Options bound from JSON configuration, validated with messages naming session and key, mapped to the same configs as a .cfg.</summary>
public sealed class FixEngineOptionsTests
{
    private static IConfiguration SampleConfiguration(params (string Key, string? Value)[] overrides) =>
        new ConfigurationBuilder()
            .AddJsonFile(SampleJson)
            .AddInMemoryCollection([new("PortStressFix:BasePath", ConfigFolder), .. overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value))])
            .Build();

    private static (FixEngineOptions Options, OptionsValidationException? Failure) Resolve(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddPortStressFix(configuration.GetSection(FixEngineOptions.SectionName));
        using var provider = services.BuildServiceProvider();
        try
        {
            return (provider.GetRequiredService<IOptions<FixEngineOptions>>().Value, null);
        }
        catch (OptionsValidationException e)
        {
            return (null!, e);
        }
    }

    [Fact]
    public void The_sample_json_binds_validates_and_maps_to_the_same_sessions_as_the_sample_cfg()
    {
        var (options, failure) = Resolve(SampleConfiguration());

        failure.Should().BeNull();
        options.Sessions.Should().HaveCount(2);
        options.Sessions[0].Failover.Select(f => (f.Host, f.Port)).Should().Equal(("127.0.0.2", 5001), ("venue-dr.example.net", 6001));
        var fromJson = FixEngineOptionsMapper.Map(options);
        var fromCfg = QuickFixConfigReader.Read(SampleCfg);
        fromJson.Errors.Should().BeEmpty();
        fromJson.Sessions.Should().BeEquivalentTo(fromCfg.Sessions, o => ByValue(o).WithStrictOrdering().Excluding(c => c.Origin));
        fromJson.Sessions.Select(s => s.Origin).Should().Equal("Sessions[0]", "Sessions[1]");
    }

    [Fact]
    public void Validation_messages_name_the_session_and_the_key()
    {
        var (_, failure) = Resolve(SampleConfiguration(
            ("PortStressFix:Sessions:0:SocketConnectPort", "0"),
            ("PortStressFix:Sessions:0:Failover:1:Port", "70000"),
            ("PortStressFix:Sessions:1:ResetOnLogon", "true"),
            ("PortStressFix:Sessions:1:RefreshOnLogon", "true"),
            ("PortStressFix:Sessions:1:StartTime", "6am")));

        failure.Should().NotBeNull();
        failure!.Failures.Should().BeEquivalentTo(
            "Sessions[0] FIX.4.4:GW->VENUE: SocketConnectPort must be 1..65535 (got '0')",
            "Sessions[0] FIX.4.4:GW->VENUE: Failover[1].Port must be 1..65535 (got '70000')",
            "Sessions[1] FIX.4.4:GW->OMS: RefreshOnLogon is not supported: the store is read once when the engine starts, not on each Logon; set N or remove it",
            "Sessions[1] FIX.4.4:GW->OMS: StartTime must be a time of day HH:MM:SS (got '6am')");
    }

    [Fact]
    public void Keys_that_bind_to_nothing_are_reported_not_skipped()
    {
        var (_, failure) = Resolve(SampleConfiguration(
            ("PortStressFix:Sessions:0:HeartbeatInt", "30"),
            ("PortStressFix:Sessions:0:Failover:0:Hots", "x"),
            ("PortStressFix:MaxConnects", "3")));

        failure!.Failures.Should().BeEquivalentTo(
            "PortStressFix: MaxConnects is not a known key (expected one of Sessions, ConfigFile, BasePath, MaxConcurrentConnects, StopTimeout)",
            "Sessions[0] FIX.4.4:GW->VENUE: HeartbeatInt is not a known key (did you mean HeartBtInt?)",
            "Sessions[0] FIX.4.4:GW->VENUE: Failover[0].Hots is not a known key (expected one of Host, Port)");
    }

    [Fact]
    public void DataAnnotations_on_engine_options_are_checked_by_the_generated_validator()
    {
        var (_, failure) = Resolve(SampleConfiguration(("PortStressFix:MaxConcurrentConnects", "0")));

        failure!.Failures.Should().ContainSingle().Which.Should().Contain("MaxConcurrentConnects");
    }

    [Fact]
    public void Options_configured_in_code_are_validated_too()
    {
        var services = new ServiceCollection().AddPortStressFix(o => o.Sessions.Add(new FixSessionOptions
        {
            ConnectionType = "initiator",
            BeginString = "FIX.4.4",
            SenderCompID = "GW",
            TargetCompID = "VENUE",
            UseDataDictionary = false,
            NonStopSession = true,
            SocketConnectHost = "127.0.0.1",
        }));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<FixEngineOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Sessions[0] FIX.4.4:GW->VENUE: SocketConnectPort is required for initiator sessions");
    }

    [Fact]
    public void Sessions_can_come_from_a_QuickFIX_file_named_in_the_options()
    {
        var result = FixEngineOptionsMapper.Map(new FixEngineOptions { ConfigFile = "quickfix-sample.cfg", BasePath = ConfigFolder });

        result.Errors.Should().BeEmpty();
        result.Sessions.Select(s => s.Settings.SessionId.ToString()).Should().Equal("FIX.4.4:GW->VENUE", "FIX.4.4:GW->OMS");
    }

    [Fact]
    public void Every_session_option_is_a_QuickFIX_key_and_every_key_has_an_option()
    {
        var properties = typeof(FixSessionOptions).GetProperties().Select(p => p.Name).Where(n => n != nameof(FixSessionOptions.Failover));
        properties.Should().BeEquivalentTo(PortStress.Fix.Engine.Internal.KnownKeys.All);
    }

    [Fact]
    public void An_engine_with_no_session_is_refused()
    {
        FixEngineOptionsMapper.Map(new FixEngineOptions()).Errors.Should().ContainSingle()
            .Which.ToString().Should().Be("PortStressFix: Sessions is empty and no ConfigFile is set: the engine has nothing to run");
    }
}
