namespace PortStress.Benchmarks;

/// <summary>Finds files of the repository (and ../shared beside it) from wherever BenchmarkDotNet runs the benchmark.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = Locate();

    /// <summary>The shared dictionary if ../shared is present, else the project's own.</summary>
    public static string Dictionary(string file)
    {
        var shared = Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixspec", file));
        return File.Exists(shared) ? shared : Path.Combine(Root, "fixspec", file);
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PortStress.Fix.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PortStress.Fix.sln not found above " + AppContext.BaseDirectory);
    }
}
