using System.Collections.Concurrent;
using System.Globalization;
using ZooForge.Compression.Cutting;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;

namespace ZooForge.Search.Nasaic;

/// <summary>
/// One task's network in a NASAIC design: a zoo network, hot-started from its checkpoint, with a
/// fraction of every cuttable layer's output channels cut (the smallest L2 norms; residual
/// partners kept consistent by the channel cutter). Width 0 is the zoo network as trained.
/// </summary>
/// <param name="Task">The task's name.</param>
/// <param name="Model">The zoo network.</param>
/// <param name="Width">Fraction of channels cut, in [0, 1).</param>
public sealed record NasaicArchitecture(string Task, string Model, double Width)
{
    /// <summary>Identity in caches and reports, e.g. <c>mnist_vgg</c> or <c>mnist_vgg-cut0.25</c>.</summary>
    public string Key => Width == 0 ? Model : Model + "-cut" + Width.ToString("0.###", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Key;
}

/// <summary>The pretrained zoos of the tasks, and the networks (with hot-start weights) of NASAIC architectures, built once each.</summary>
public sealed class NasaicZoo
{
    private readonly ConcurrentDictionary<string, ZooCatalogue> _catalogues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Network Network, NetworkWeights Weights)> _built = new(StringComparer.Ordinal);

    /// <summary>The zoo of <paramref name="task"/> (its shipped folder).</summary>
    public ZooCatalogue Catalogue(ZooTask task) => _catalogues.GetOrAdd(task.Name, _ => ZooCatalogue.Open(task.DefaultFolder));

    /// <summary>The network and hot-start weights of <paramref name="architecture"/>: its checkpoint, cut.</summary>
    /// <exception cref="GraphException">The checkpoint is missing or damaged.</exception>
    public (Network Network, NetworkWeights Weights) Build(NasaicArchitecture architecture) =>
        _built.GetOrAdd(architecture.Task + "/" + architecture.Key, _ =>
        {
            var contents = Catalogue(ZooTask.Find(architecture.Task)).Load(architecture.Model);
            if (architecture.Width == 0) return (contents.Network, contents.Weights);
            var ratios = ChannelCutter.Groups(contents.Network).Where(g => g.IsCuttable)
                .ToDictionary(g => g.Producers[0], _ => architecture.Width, StringComparer.Ordinal);
            var cut = ChannelCutter.Cut(contents.Network, contents.Weights, ratios);
            return (cut.Network, cut.Weights);
        });

    /// <summary>Top-1 accuracy of an unchanged zoo network as its manifest records it (on the task's whole validation split).</summary>
    public double ManifestAccuracy(ZooTask task, string model) => Catalogue(task).Entry(model).ValidationAccuracy;
}
