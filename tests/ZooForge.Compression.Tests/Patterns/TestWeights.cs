using ZooForge.Graph.Model;

namespace ZooForge.Compression.Tests.Patterns;

/// <summary>Seeded random weights for any network (shared by the Patterns, Cutting and Expansion tests).</summary>
internal static class TestWeights
{
    public static NetworkWeights Random(Network network, int seed)
    {
        var rng = new Random(seed);
        var weights = new NetworkWeights();
        foreach (var (key, shape) in NetworkWeights.Expected(network))
        {
            int n = shape.Aggregate(1, (a, b) => a * b);
            var data = new float[n];
            bool variance = key.EndsWith(".running_var", StringComparison.Ordinal);
            for (int i = 0; i < n; i++)
                data[i] = variance ? 0.5f + (float)rng.NextDouble() : (float)(rng.NextDouble() * 2 - 1);
            weights.Set(key, new WeightTensor(shape, data));
        }
        return weights;
    }

    public static NetworkWeights Clone(NetworkWeights weights)
    {
        var copy = new NetworkWeights();
        foreach (var (key, t) in weights.Entries)
            copy.Set(key, new WeightTensor((int[])t.Shape.Clone(), (float[])t.Data.Clone()));
        return copy;
    }

    public static bool SameAs(NetworkWeights a, NetworkWeights b) =>
        a.Count == b.Count && a.Entries.All(e => b.TryGet(e.Key, out var t) && t.BitwiseEquals(e.Value));
}
