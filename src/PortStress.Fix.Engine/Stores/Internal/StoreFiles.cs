namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>The file names of one <see cref="FileStore"/>: folder + prefix + a fixed suffix each.</summary>
internal static class StoreFiles
{
    public const string BodySuffix = ".body";
    public const string IndexSuffix = ".index";
    public const string CountersSuffix = ".seqnums";
    public const string LockSuffix = ".lock";

    public static string Body(string folder, string prefix) => Path.Combine(folder, prefix + BodySuffix);

    public static string Index(string folder, string prefix) => Path.Combine(folder, prefix + IndexSuffix);

    public static string Counters(string folder, string prefix) => Path.Combine(folder, prefix + CountersSuffix);

    public static string Lock(string folder, string prefix) => Path.Combine(folder, prefix + LockSuffix);

    /// <summary>The files that hold data (not the lock file), in the order a copy should take them.</summary>
    public static string[] DataFiles(string folder, string prefix) =>
        [Counters(folder, prefix), Body(folder, prefix), Index(folder, prefix)];
}
