using System.Reflection;

namespace ZooForge.Asic.Description;

/// <summary>The built-in accelerator descriptions (embedded YAML), and loading by name or path.</summary>
public static class AcceleratorCatalogue
{
    private const string Prefix = "ZooForge.Asic.Accelerators.";

    private static readonly Lazy<IReadOnlyList<SpatialAccelerator>> BuiltInList = new(() =>
    {
        var assembly = typeof(AcceleratorCatalogue).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => AcceleratorYaml.Parse(Read(assembly, n), "built-in:" + n[Prefix.Length..]))
            .ToArray();
    });

    /// <summary>Every built-in description.</summary>
    public static IReadOnlyList<SpatialAccelerator> BuiltIn => BuiltInList.Value;

    /// <summary>The built-in of that name, or the YAML file at that path.</summary>
    /// <exception cref="AcceleratorFormatException">The file is malformed, or the name is neither a file nor a built-in.</exception>
    public static SpatialAccelerator Resolve(string nameOrPath)
    {
        var builtIn = BuiltIn.FirstOrDefault(a => string.Equals(a.Name, nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null) return builtIn;
        if (File.Exists(nameOrPath)) return AcceleratorYaml.Parse(File.ReadAllText(nameOrPath), nameOrPath);
        throw new AcceleratorFormatException($"--hw: '{nameOrPath}' is neither a file nor a built-in accelerator (built-in: {string.Join(", ", BuiltIn.Select(a => a.Name))})");
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
