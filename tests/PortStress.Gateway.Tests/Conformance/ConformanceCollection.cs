namespace PortStress.Gateway.Tests.Conformance;

/// <summary>
/// The acceptance scripts measure the engine's timers against real time (HeartBtInt of 2 s, a
/// TestRequest 2.4 s into silence), so they run alone, not beside other test classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConformanceCollection
{
    public const string Name = "Conformance scripts (timing-sensitive)";
}
