using System.Security.Cryptography;
using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo.Fashion;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Graph.Zoo;

/// <summary>
/// The trained checkpoints shipped with the tool (copied beside the binaries as
/// <c>zoo/mnist/</c>) or any folder holding a <see cref="ZooManifest"/>. Loading a checkpoint
/// verifies its SHA-256 against the manifest and its graph against the architecture of the
/// same name, so a damaged or mismatched file is reported instead of silently used.
/// </summary>
public sealed class ZooCatalogue
{
    private ZooCatalogue(string folder, ZooManifest manifest)
    {
        Folder = folder;
        Manifest = manifest;
    }

    /// <summary>The folder shipped with the binaries.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "zoo", "mnist");

    /// <summary>The Fashion-MNIST zoo shipped with the binaries (<c>zoo/fashion/</c>).</summary>
    public static string FashionFolder => Path.Combine(AppContext.BaseDirectory, "zoo", "fashion");

    /// <summary>Folder holding the manifest and checkpoints.</summary>
    public string Folder { get; }

    /// <summary>The manifest.</summary>
    public ZooManifest Manifest { get; }

    /// <summary>Opens the zoo in <paramref name="folder"/> (default: the shipped zoo).</summary>
    public static ZooCatalogue Open(string? folder = null)
    {
        folder ??= DefaultFolder;
        return new ZooCatalogue(folder, ZooManifest.Load(Path.Combine(folder, ZooManifest.FileName)));
    }

    /// <summary>The manifest entry of a model; unknown names throw naming the known ones.</summary>
    public ZooEntry Entry(string name) =>
        Manifest.Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new GraphException($"the zoo in '{Folder}' has no checkpoint '{name}'; it has: {string.Join(", ", Manifest.Models.Select(m => m.Name))}");

    /// <summary>Loads and verifies a checkpoint.</summary>
    public ModelFile.Contents Load(string name)
    {
        var entry = Entry(name);
        string path = Path.Combine(Folder, entry.File);
        if (!File.Exists(path)) throw new GraphException($"zoo checkpoint '{path}' is missing");
        var bytes = File.ReadAllBytes(path);
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha != entry.Sha256)
            throw new GraphException($"zoo checkpoint '{path}' is corrupt: SHA-256 {sha} differs from the manifest's {entry.Sha256}");
        var contents = ModelFile.FromBytes(bytes, path);
        var architecture = MnistModels.Contains(entry.Name) ? MnistModels.Create(entry.Name)
            : FashionModels.Contains(entry.Name) ? FashionModels.Create(entry.Name) : null;
        if (architecture is not null && GraphJson.Write(contents.Network) != GraphJson.Write(architecture))
            throw new GraphException($"zoo checkpoint '{path}' does not hold the '{entry.Name}' architecture");
        return contents;
    }
}
