using System.Text.Json;
using System.Text.Json.Serialization;
using ZooForge.Hardware.Accelerator;
using ZooForge.Search.Engine;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Search.Tests.Store.Postgres;

/// <summary>Trials of every kind, and helpers shared by the PostgreSQL store's tests.</summary>
internal static class StoreSamples
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A feasible trial with a design, a pruned one (NaN objective), a cached copy and a failed one; metrics in the stores' (ordinal) order.</summary>
    public static IReadOnlyList<TrialRecord> Trials() =>
    [
        new()
        {
            Index = 0, Key = "model=mnist_vgg;patterns=4;zeros=1;bits=6", Choices = [1, 2, 1, 0], Status = TrialStatus.Feasible,
            Design = DesignParser.Parse("40,44,32,32,3,10,10,10", dataBits: 6),
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.995, ["dsp"] = 1760, ["energy_mj"] = 0.0712, ["latency_ms"] = 0.1016 },
            Objective = 0.995, Reward = 0.3125, NetworkFile = "networks/0123456789abcdef.zfq.safetensors", Seed = 1_234_567_890_123,
            FastSeconds = 0.25, SlowSeconds = 14.5,
        },
        new()
        {
            Index = 1, Key = "model=mnist_resnet;patterns=0;bits=8", Choices = [0, 0, 0, 0], Status = TrialStatus.Pruned,
            Design = DesignParser.Parse("70,36,64,64,7,18,6,6"), Metrics = new Dictionary<string, double> { ["dsp"] = 2520, ["latency_ms"] = 0.264 },
            Reward = -0.8, Seed = 9, FastSeconds = 0.01, Note = "misses latency_ms <= 0.145",
        },
        new()
        {
            Index = 2, Key = "model=mnist_vgg;patterns=4;zeros=1;bits=6", Choices = [1, 2, 1, 0], Status = TrialStatus.Feasible, Cached = true,
            Design = DesignParser.Parse("40,44,32,32,3,10,10,10", dataBits: 6),
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.995, ["dsp"] = 1760, ["energy_mj"] = 0.0712, ["latency_ms"] = 0.1016 },
            Objective = 0.995, Reward = 0.3125, NetworkFile = "networks/0123456789abcdef.zfq.safetensors", Seed = 1_234_567_890_123,
        },
        new()
        {
            Index = 3, Key = "model=mnist_lenet5;patterns=0;bits=2", Choices = [2, 0, 0, 3], Status = TrialStatus.Failed,
            Metrics = new Dictionary<string, double> { ["latency_ms"] = 0.1 }, Reward = -1, Seed = 42, SlowSeconds = 3.5,
            Note = "fine-tuning diverged: 5 of 6 steps", FailureKind = TrialFailures.NonFinite,
        },
    ];

    /// <summary>A trial as text, so stores can be compared field by field (lists and dictionaries compare by reference in records).</summary>
    public static string Text(TrialRecord trial) => JsonSerializer.Serialize(trial, Json);

    /// <summary>Opens <paramref name="study"/> at <paramref name="url"/> with short retry times, so a failing test fails fast.</summary>
    public static PostgresTrialStore Open(string url, string study) =>
        PostgresTrialStore.Open(url, study, "--storage", new ReconnectPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)));

    /// <summary>The completed record of a claimed trial.</summary>
    public static TrialRecord Completed(ClaimedTrial claim) => new()
    {
        Index = claim.Number, Key = claim.Key, Choices = claim.Choices, Status = TrialStatus.Violates,
        Metrics = new Dictionary<string, double> { ["accuracy"] = 0.5 }, Objective = 0.5, Reward = 0.1, Seed = claim.Seed,
    };
}
