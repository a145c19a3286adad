using ZooForge.Graph.Model;

namespace ZooForge.Torch.Tests;

/// <summary>Deterministic random weights for any network, with valid batch-norm variances.</summary>
internal static class TestWeights
{
    public static NetworkWeights Random(Network network, int seed)
    {
        var random = new Random(seed);
        var weights = new NetworkWeights();
        foreach (var (key, shape) in NetworkWeights.Expected(network))
        {
            int count = shape.Aggregate(1, (a, d) => a * d);
            var data = new float[count];
            bool variance = key.EndsWith(".running_var");
            for (int i = 0; i < count; i++)
                data[i] = variance ? 0.5f + (float)random.NextDouble() : (float)(random.NextDouble() * 0.2 - 0.1);
            weights.Set(key, new WeightTensor(shape, data));
        }
        return weights;
    }
}
