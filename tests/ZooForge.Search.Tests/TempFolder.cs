namespace ZooForge.Search.Tests;

/// <summary>A fresh folder deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("zooforge-search-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
