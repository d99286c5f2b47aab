using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortStress.Control;
using PortStress.Execution.Gate;

namespace PortStress.Execution.Tests.Gate;

public sealed class GateOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        GateOptionsValidator.Errors(new GateOptions()).Should().BeEmpty();
    }

    [Fact]
    public void Invalid_options_are_listed_with_their_configuration_keys()
    {
        var options = new GateOptions
        {
            WheelSlots = 1000,
            RetryBaseDelay = TimeSpan.FromSeconds(2),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
            TimerTick = TimeSpan.Zero,
            RetryBudgetTokens = 1,
            ApprovalCredentials = ["short"],
        };
        options.Venues["XNAS"] = new VenueGateOptions { LotSize = 0, MessagesPerSecond = -1 };

        var errors = GateOptionsValidator.Errors(options);

        errors.Should().Contain(e => e.StartsWith("PortStress:Gate:WheelSlots must be a power of two", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("PortStress:Gate:RetryMaxDelay", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("PortStress:Gate:TimerTick must be between", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("RetryBudgetTokens", StringComparison.Ordinal));
        errors.Should().Contain("PortStress:Gate:ApprovalCredentials:0 must be at least 16 characters");
        errors.Should().Contain("PortStress:Gate:Venues:XNAS:LotSize must be positive (got 0)");
        errors.Should().Contain(e => e.StartsWith("PortStress:Gate:Venues:XNAS:MessagesPerSecond", StringComparison.Ordinal));
        var construct = () => new ChildOrderGate(options, new VenueSessionPool(), new ControlSnapshotPublisher());
        construct.Should().Throw<OptionsValidationException>();
    }

    [Fact]
    public void AddPortStressGate_registers_the_gate_as_submitter_and_event_sink_and_validates_on_start()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IControlSnapshotSource>(new ControlSnapshotPublisher());
        services.AddPortStressGate(o => o.DefaultLotSize = 100);
        using var provider = services.BuildServiceProvider();

        var gate = provider.GetRequiredService<ChildOrderGate>();
        provider.GetRequiredService<IChildOrderSubmitter>().Should().BeSameAs(gate);
        provider.GetRequiredService<IOrderEventSink>().Should().BeSameAs(gate);
        provider.GetRequiredService<PortStress.Fix.Engine.ISessionAttemptGate>().Should().BeSameAs(provider.GetRequiredService<NewSessionAttemptLimiter>());
        provider.GetRequiredService<IOptions<GateOptions>>().Value.DefaultLotSize.Should().Be(100);

        var bad = new ServiceCollection();
        bad.AddSingleton<IControlSnapshotSource>(new ControlSnapshotPublisher());
        bad.AddPortStressGate(o => o.WheelSlots = 3);
        using var badProvider = bad.BuildServiceProvider();
        var resolve = () => badProvider.GetRequiredService<IOptions<GateOptions>>().Value;
        resolve.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("WheelSlots must be a power of two");
    }
}
