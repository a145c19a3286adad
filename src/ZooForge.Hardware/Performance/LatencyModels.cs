using ZooForge.Core.Errors;
namespace ZooForge.Hardware.Performance;

/// <summary>The registry of latency models selectable by name.</summary>
public static class LatencyModels
{
    /// <summary>HotNAS's published model.</summary>
    public static LatencyModel HotNas { get; } = new HotNasLatencyModel();

    /// <summary>The project's refined model.</summary>
    public static LatencyModel ZooForge { get; } = new ZooForgeLatencyModel();

    /// <summary>All models, default first.</summary>
    public static IReadOnlyList<LatencyModel> All { get; } = [ZooForge, HotNas];

    /// <summary>Finds a model by name (case-insensitive); null when unknown.</summary>
    public static LatencyModel? TryGet(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds a model by name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static LatencyModel Get(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException($"unknown performance model '{name}'; known models: {string.Join(", ", All.Select(m => m.Name))}");
}
