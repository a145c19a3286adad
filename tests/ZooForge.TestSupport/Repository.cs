namespace ZooForge.TestSupport;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The repository root (the folder holding toolchain.sln).</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "toolchain.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("toolchain.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The default designs (src/ZooForge.Emit/Designs/NAME/design.yaml), by name.</summary>
    public static IEnumerable<string> DefaultDesigns() =>
        Directory.GetDirectories(Path.Combine(Root, "src", "ZooForge.Emit", "Designs")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>design.yaml of default design <paramref name="name"/>.</summary>
    public static string DesignFile(string name) => Path.Combine(Root, "src", "ZooForge.Emit", "Designs", name, "design.yaml");
}
