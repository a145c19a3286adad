using ZooForge.Core.Errors;
using ZooForge.Compression.Reference;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Quantization;

/// <summary>
/// Activation ranges for quantization: the largest absolute value of every IR layer's output
/// (and of the input, key <see cref="Network.InputName"/>) over the first N images of a
/// dataset, computed with the double-precision <see cref="FloatReference"/>. The result depends
/// only on the network, weights and those images (a maximum is order-independent, so the images
/// may be processed in parallel).
/// </summary>
public static class Calibration
{
    /// <summary>Max |value| per IR layer output name plus <c>"input"</c>, over images [0, <paramref name="images"/>).</summary>
    /// <exception cref="ArgumentException">The dataset's image shape differs from the network input.</exception>
    /// <exception cref="InvalidInputException"><paramref name="images"/> is not in 1..Count.</exception>
    public static IReadOnlyDictionary<string, double> Ranges(Network network, NetworkWeights weights, ImageDataset data, int images)
    {
        if (images < 1) throw new InvalidInputException($"calibration needs at least one image, got {images}", nameof(images));
        FloatReference.CheckDataset(data, images, network.InputShape, network.Name);
        var reference = new FloatReference(network, weights);
        var names = new[] { Network.InputName }.Concat(network.Nodes.Select(n => n.Layer.Name)).ToArray();
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var total = new double[names.Length];
        ImageLoop.Run(data, images, () => new double[names.Length], (i, local) =>
            reference.Visit(data.GetImage(i), (name, values) =>
            {
                int k = index[name];
                double m = local[k];
                foreach (double v in values) m = Math.Max(m, Math.Abs(v));
                local[k] = m;
            }),
            local =>
            {
                for (int k = 0; k < names.Length; k++) total[k] = Math.Max(total[k], local[k]);
            });
        var ranges = new SortedDictionary<string, double>(StringComparer.Ordinal);
        for (int k = 0; k < names.Length; k++) ranges[names[k]] = total[k];
        return ranges;
    }
}
