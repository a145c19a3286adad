using ZooForge.Graph.Serialization;

namespace ZooForge.Search.Results;

/// <summary>Output files of a run folder, each written whole or not at all, remembered in the order written.</summary>
/// <param name="folder">The run folder.</param>
public sealed class RunFiles(string folder)
{
    /// <summary>Paths written so far.</summary>
    public List<string> Written { get; } = [];

    /// <summary>Writes <paramref name="text"/> to <paramref name="file"/> in the folder atomically.</summary>
    public void Save(string file, string text)
    {
        string path = Path.Combine(folder, file);
        AtomicFile.WriteAllText(path, text);
        Written.Add(path);
    }
}
