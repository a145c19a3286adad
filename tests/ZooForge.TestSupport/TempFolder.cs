namespace ZooForge.TestSupport;

/// <summary>A fresh folder under the system temp folder for one test, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder; <paramref name="prefix"/> names its project in the temp folder.</summary>
    public TempFolder(string prefix = "zooforge-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder (nothing is created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A path inside the folder whose parent folders exist.</summary>
    public string File(params string[] parts)
    {
        string path = Combine(parts);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> inside the folder; returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Deletes the folder; a leftover (a file still open on a slow file system) is harmless.</summary>
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
