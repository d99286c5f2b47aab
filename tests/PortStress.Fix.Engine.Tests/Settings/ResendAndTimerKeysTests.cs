using static PortStress.Fix.Engine.Tests.EngineSettings.SettingsFixtures;

namespace PortStress.Fix.Engine.Tests.EngineSettings;

public sealed class ResendAndTimerKeysTests
{
    [Fact]
    public void Stale_resend_age_types_timer_multipliers_and_the_backlog_limit_come_from_the_file()
    {
        var result = Parse(Initiator("ResendMaxAge=90\nStaleResendMsgTypes=D, G\nTestRequestMultiplier=1.5\nDisconnectMultiplier=3\nMaxOutboundBacklogBytes=1048576\n"));
        result.Errors.Should().BeEmpty();
        var settings = result.Sessions.Single().Settings;
        settings.ResendMaxAge.Should().Be(TimeSpan.FromSeconds(90));
        settings.StaleResendMsgTypes.Should().Equal("D", "G");
        settings.TestRequestMultiplier.Should().Be(1.5);
        settings.DisconnectMultiplier.Should().Be(3);
        settings.MaxOutboundBacklogBytes.Should().Be(1 << 20);
    }

    [Fact]
    public void Without_the_keys_the_defaults_hold()
    {
        var settings = Parse(Initiator()).Sessions.Single().Settings;
        settings.ResendMaxAge.Should().BeNull();
        settings.StaleResendMsgTypes.Should().Equal(SessionSettings.DefaultStaleResendMsgTypes);
        settings.TestRequestMultiplier.Should().Be(1.2);
        settings.DisconnectMultiplier.Should().Be(2.4);
    }

    [Fact]
    public void Bad_values_are_named()
    {
        var result = Parse(Initiator("TestRequestMultiplier=2\nDisconnectMultiplier=1.5\nMaxOutboundBacklogBytes=10\n"));
        result.Errors.Select(e => e.Key).Should().Contain(["DisconnectMultiplier", "MaxOutboundBacklogBytes"]);
    }
}
