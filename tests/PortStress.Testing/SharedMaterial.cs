namespace PortStress.Testing;

/// <summary>
/// Finds the shared material (`../shared` beside the repository: dictionaries, conformance
/// scripts, peer recipes). Tests and CI read it from there; it is never copied into the project.
/// </summary>
public static class SharedMaterial
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The repository root (the folder holding PortStress.Fix.sln).</summary>
    public static string RepositoryRoot { get; } = LocateRepository();

    /// <summary>The shared folder, or null when it is not beside the repository.</summary>
    public static string? Folder => Root.Value;

    /// <summary>Why tests that need the shared folder skip, or null when it is present.</summary>
    public static string? MissingReason => Folder is null
        ? $"../shared is not beside the repository ({RepositoryRoot}); shared dictionaries and scripts are unavailable"
        : null;

    /// <summary>Path of a file inside the shared folder.</summary>
    public static string PathOf(params string[] parts) =>
        Path.Combine([Folder ?? throw new InvalidOperationException(MissingReason), .. parts]);

    /// <summary>Path of a file inside the repository.</summary>
    public static string InRepository(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    private static string LocateRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PortStress.Fix.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No PortStress.Fix.sln above {AppContext.BaseDirectory}.");
    }

    private static string? Locate()
    {
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(Path.Combine(candidate, "fixspec")) ? candidate : null;
    }
}

/// <summary>A fact that needs ../shared; it skips, saying why, when the folder is absent.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SharedFactAttribute()
    {
        if (SharedMaterial.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs ../shared; it skips, saying why, when the folder is absent.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SharedTheoryAttribute()
    {
        if (SharedMaterial.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
