using ZooForge.Core.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZooForge.Graph.Serialization;
using ZooForge.Flow.Check;

namespace ZooForge.Flow.Run;

/// <summary>
/// <c>check/check.json</c>: a run's check results, kept so that a resumed run which does not redo
/// a passed check still reports it.
/// </summary>
public static class CheckResultsFile
{

    /// <summary>Writes the results whole or not at all.</summary>
    public static void Save(string path, CheckReport report) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(report, ZooForgeJson.Indented) + "\n");

    /// <summary>The results written by <see cref="Save"/>, or null when the file is missing or unreadable (the check is then redone).</summary>
    public static CheckReport? TryLoad(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<CheckReport>(File.ReadAllText(path), ZooForgeJson.Indented);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
