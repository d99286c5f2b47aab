using PortStress.Testing;

namespace PortStress.Venue.Tests;

public class VenueOptionsTests
{
    [Fact]
    public void The_sample_config_loads_and_validates()
    {
        var options = VenueOptionsLoader.Load(SharedMaterial.InRepository("config", "venue.sample.json"));

        options.Sessions.Select(s => s.BeginString).Should().Equal("FIX.4.4", "FIX.4.2");
        options.Symbols.Select(s => s.Symbol).Should().Equal("INTC", "MSFT");
        options.StepInterval.Should().Be(TimeSpan.FromMilliseconds(100));
        options.Faults.DropSessionsEvery.Should().BeNull();
    }

    [Fact]
    public void The_fixture_options_are_valid() =>
        VenueOptionsValidator.Errors(VenueFixtures.Options()).Should().BeEmpty();

    [Fact]
    public void Every_problem_is_reported_with_its_key()
    {
        var options = VenueFixtures.Options(o =>
        {
            o.ListenAddress = "localhost-ish";
            o.Sessions[0].BeginString = "FIX.5.0";
            o.Sessions[1].TargetCompIds = [];
            o.Symbols[1].Volatility = double.NaN;
            o.Symbols[1].InitialPrice = 0.01m;
            o.StepInterval = TimeSpan.Zero;
            o.FillModel.DisplayedSize = 0;
            o.Faults.AckDelay = TimeSpan.FromSeconds(-1);
            o.Faults.DropSessionsEvery = TimeSpan.Zero;
        });

        VenueOptionsValidator.Errors(options).Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).Should().BeEquivalentTo(
            "ListenAddress", "Sessions[0].BeginString", "Sessions[1].TargetCompIds", "Symbols[1].Volatility", "Symbols[1].InitialPrice",
            "StepInterval", "FillModel.DisplayedSize", "Faults.AckDelay", "Faults.DropSessionsEvery");
    }

    [Fact]
    public void A_session_configured_twice_is_an_error()
    {
        var options = VenueFixtures.Options(o => o.Sessions[0].TargetCompIds = ["GW", "GW"]);

        VenueOptionsValidator.Errors(options).Should().ContainSingle().Which.Should().StartWith("Sessions[0].TargetCompIds[1]: session FIX.4.4:VENUE->GW is configured twice");
    }

    [Fact]
    public void The_simulator_refuses_invalid_options_and_the_loader_unknown_keys()
    {
        var create = () => new VenueSimulator(VenueFixtures.Options(o => o.Symbols.Clear()));
        create.Should().Throw<VenueConfigurationException>().WithMessage("*Symbols: at least one symbol is required*");

        var parse = () => VenueOptionsLoader.Parse("""{ "Sessions": [], "Symbols": [], "Seeed": 1 }""", "test.json");
        parse.Should().Throw<VenueConfigurationException>().WithMessage("test.json at Seeed*unknown key*");
    }

    [Fact]
    public async Task Fault_switches_refuse_negative_delays_and_periods()
    {
        await using var venue = new VenueSimulator(VenueFixtures.Options());

        var negativeDelay = () => venue.Faults.AckDelay = TimeSpan.FromSeconds(-1);
        var zeroPeriod = () => venue.Faults.DropSessionsEvery = TimeSpan.Zero;

        negativeDelay.Should().Throw<ArgumentOutOfRangeException>();
        zeroPeriod.Should().Throw<ArgumentOutOfRangeException>();
        venue.Faults.AckDelay.Should().Be(TimeSpan.Zero);
        venue.Faults.DropSessionsEvery.Should().BeNull();
    }
}
