using ZooForge.Core.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZooForge.Graph.Serialization;

namespace ZooForge.Flow.Run;

/// <summary>A finished step of a run: what it produced from which inputs, so a rerun can skip it.</summary>
/// <param name="Name">The step.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Fingerprint">SHA-256 of the step's inputs; the step is skipped only when they are unchanged.</param>
public sealed record RunStepRecord(RunStepName Name, RunStepStatus Status, double Seconds, string Fingerprint);

/// <summary>
/// <c>run.json</c>: marks a folder as a <c>zooforge run</c> folder and records the finished steps
/// (FINN-style resumable steps: a step whose inputs are unchanged and which passed is not redone).
/// </summary>
public sealed record RunManifest
{
    /// <summary>The format tag.</summary>
    public const string FormatTag = "zooforge-run/1";
    /// <summary>File name inside the run folder.</summary>
    public const string FileName = "run.json";

    /// <summary>Always <see cref="FormatTag"/>.</summary>
    [JsonPropertyName("format")]
    public string Format { get; init; } = FormatTag;

    /// <summary>Finished steps, latest record per step.</summary>
    public List<RunStepRecord> Steps { get; init; } = [];

    /// <summary>The passed record of <paramref name="step"/> for exactly these inputs, if any.</summary>
    public RunStepRecord? Passed(RunStepName step, string fingerprint) =>
        Steps.FirstOrDefault(s => s.Name == step && s.Status == RunStepStatus.Passed && s.Fingerprint == fingerprint);

    /// <summary>Replaces the record of the step.</summary>
    public void Record(RunStepRecord record)
    {
        Steps.RemoveAll(s => s.Name == record.Name);
        Steps.Add(record);
    }

    /// <summary>Reads <c>run.json</c>; an unreadable or foreign file is an error naming it.</summary>
    public static RunManifest Load(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), ZooForgeJson.Indented);
            if (manifest is null || manifest.Format != FormatTag)
                throw new UserInputException($"{path}: not a zooforge run manifest (format must be '{FormatTag}')");
            return manifest;
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{path}: corrupt run manifest ({e.Message})");
        }
    }

    /// <summary>Writes <c>run.json</c> whole or not at all.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, ZooForgeJson.Indented) + "\n");
}
