using ZooForge.Core.Errors;
using ZooForge.Asic.Problem;

namespace ZooForge.Search.HwSw;

/// <summary>
/// A network as the inner loop sees it: its distinct layer shapes, each with how many layers share
/// it. Equal shapes have equal best mappings, so each is mapped once per hardware point.
/// </summary>
/// <param name="Name">Network name (a built-in architecture).</param>
/// <param name="Shapes">Distinct layers (the first of each shape) and their counts.</param>
public sealed record HwSwWorkload(string Name, IReadOnlyList<(AsicLayer Layer, int Count)> Shapes)
{
    /// <summary>The built-in architecture <paramref name="name"/>'s conv, depthwise and FC layers, grouped by shape.</summary>
    /// <exception cref="ArgumentException">Unknown architecture.</exception>
    public static HwSwWorkload BuiltIn(string name)
    {
        if (!Graph.Zoo.BuiltinModels.Names.Contains(name))
            throw new InvalidInputException($"unknown workload '{name}' (built-in architectures: {string.Join(", ", Graph.Zoo.BuiltinModels.Names)})");
        var layers = AsicLayers.FromNetwork(Graph.Zoo.BuiltinModels.Create(name));
        var shapes = layers.GroupBy(l => (l.Kind, l.K, l.C, l.R, l.S, l.P, l.Q, l.Stride, l.Repeats))
            .Select(g => (g.First(), g.Count())).ToList();
        return new HwSwWorkload(name, shapes);
    }

    /// <summary>Layers in the network.</summary>
    public int Layers => Shapes.Sum(s => s.Count);
}
