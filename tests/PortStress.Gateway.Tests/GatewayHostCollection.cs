namespace PortStress.Gateway.Tests;

/// <summary>
/// The tests that run a whole gateway host with its OpenTelemetry meter provider. A meter provider listens to every meter
/// of a name in the process, not only to its own host's: two hosts alive at once share metric streams, and one host's
/// meters going away takes the other's series with them. These classes therefore run alone, one host at a time, after
/// the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayHostCollection
{
    public const string Name = "gateway host with a meter provider";
}
