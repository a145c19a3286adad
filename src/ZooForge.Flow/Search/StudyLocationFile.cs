using ZooForge.Data.Mnist;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Flow.Search;

/// <summary>
/// <c>study.txt</c> in a run folder whose trials live in PostgreSQL: the study and the server,
/// so <c>--resume</c> finds them. The password is never written; give the URL again with
/// <c>--storage</c> (or use a passfile) to resume against a server that needs one.
/// </summary>
public static class StudyLocationFile
{
    /// <summary>File name inside the run folder.</summary>
    public const string FileName = "study.txt";

    private const string StoragePrefix = "storage: ", StudyPrefix = "study: ";

    /// <summary>Whether <paramref name="folder"/> holds a PostgreSQL-backed search.</summary>
    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>Records the study of the search in <paramref name="folder"/>.</summary>
    public static void Write(string folder, PostgresLocation location, string study) =>
        File.WriteAllText(Path.Combine(folder, FileName), $"{StoragePrefix}{location.WithoutPassword}\n{StudyPrefix}{study}\n");

    /// <summary>The stored location and study of the search in <paramref name="folder"/>.</summary>
    public static (string Storage, string Study) Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        var lines = File.ReadAllLines(path);
        string? Field(string prefix) => lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        return (Field(StoragePrefix) ?? throw new UserInputException($"{path}: no '{StoragePrefix.Trim()}' line"),
            Field(StudyPrefix) ?? throw new UserInputException($"{path}: no '{StudyPrefix.Trim()}' line"));
    }
}
