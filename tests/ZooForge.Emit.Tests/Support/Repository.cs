using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;

namespace ZooForge.Emit.Tests.Support;

/// <summary>Paths inside the repository and the project's MNIST validation digits.</summary>
internal static class Repository
{
    private static readonly Lazy<ImageDataset> ValidationDigits =
        new(() => SeededSplit.ApplyMnistDefault(NpmMnist.Load(DataCache.Default())).Validation);

    /// <summary>The repository root (the folder holding toolchain.sln).</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "toolchain.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("toolchain.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The default designs (src/ZooForge.Emit/Designs/NAME/design.yaml), by name.</summary>
    public static IEnumerable<string> DefaultDesigns() =>
        Directory.GetDirectories(Path.Combine(Root, "src", "ZooForge.Emit", "Designs")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>design.yaml of default design <paramref name="name"/>.</summary>
    public static string DesignFile(string name) => Path.Combine(Root, "src", "ZooForge.Emit", "Designs", name, "design.yaml");

    /// <summary>The 2,000 held-out digits (needs the fetched MNIST data: tests using it are Category "Data").</summary>
    public static ImageDataset Validation => ValidationDigits.Value;
}
