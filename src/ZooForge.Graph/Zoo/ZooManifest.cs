using ZooForge.Core.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZooForge.Graph.Zoo;

/// <summary>
/// The record of the trained zoo: one entry per checkpoint with the figures and the exact
/// command that reproduce it. Stored as <c>manifest.json</c> beside the checkpoints, without
/// timestamps, so retraining with the same command rewrites it byte for byte.
/// </summary>
public sealed record ZooManifest
{
    /// <summary>Format tag.</summary>
    public const string CurrentFormat = "zooforge-zoo/1";

    /// <summary>File name of the manifest inside a zoo folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Format tag of this file.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The data every entry was trained and validated on.</summary>
    public required string Dataset { get; init; }

    /// <summary>Checkpoints, sorted by name.</summary>
    public required List<ZooEntry> Models { get; init; }

    /// <summary>Reads a manifest; errors name the file.</summary>
    public static ZooManifest Load(string path)
    {
        if (!File.Exists(path)) throw new Model.GraphException($"zoo manifest '{path}' does not exist");
        try
        {
            var manifest = JsonSerializer.Deserialize<ZooManifest>(File.ReadAllText(path), ZooForgeJson.Strict)
                ?? throw new Model.GraphException($"{path}: empty manifest");
            if (manifest.Format != CurrentFormat)
                throw new Model.GraphException($"{path}: unsupported format '{manifest.Format}'");
            return manifest;
        }
        catch (JsonException e)
        {
            throw new Model.GraphException($"{path}: invalid zoo manifest: {e.Message}");
        }
    }

    /// <summary>Serializes with entries sorted by name.</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { Models = Models.OrderBy(m => m.Name, StringComparer.Ordinal).ToList() }, ZooForgeJson.Strict) + "\n";

    /// <summary>Returns a copy with <paramref name="entry"/> added or replacing the entry of the same name.</summary>
    public ZooManifest With(ZooEntry entry) =>
        this with { Models = Models.Where(m => m.Name != entry.Name).Append(entry).OrderBy(m => m.Name, StringComparer.Ordinal).ToList() };
}

/// <summary>One trained checkpoint of the zoo.</summary>
public sealed record ZooEntry
{
    /// <summary>Architecture name (see <c>MnistModels</c>).</summary>
    public required string Name { get; init; }
    /// <summary>What family it represents.</summary>
    public required string Family { get; init; }
    /// <summary>Checkpoint file, relative to the manifest.</summary>
    public required string File { get; init; }
    /// <summary>SHA-256 of the checkpoint file.</summary>
    public required string Sha256 { get; init; }
    /// <summary>Trainable parameters.</summary>
    public required long Parameters { get; init; }
    /// <summary>Multiply-accumulates per image.</summary>
    public required long Macs { get; init; }
    /// <summary>Images classified correctly on the validation split.</summary>
    public required int ValidationCorrect { get; init; }
    /// <summary>Validation images.</summary>
    public required int ValidationTotal { get; init; }
    /// <summary>Training seed.</summary>
    public required long Seed { get; init; }
    /// <summary>Training epochs.</summary>
    public required int Epochs { get; init; }
    /// <summary>Batch size.</summary>
    public required int BatchSize { get; init; }
    /// <summary>Initial learning rate.</summary>
    public required double LearningRate { get; init; }
    /// <summary>CPU threads the run used (part of what makes it repeatable).</summary>
    public required int Threads { get; init; }
    /// <summary>The command that reproduces the checkpoint.</summary>
    public required string Command { get; init; }

    /// <summary>Validation top-1 accuracy in [0, 1].</summary>
    [JsonIgnore]
    public double ValidationAccuracy => (double)ValidationCorrect / ValidationTotal;
}
