using ZooForge.Data.Datasets;
using static TorchSharp.torch;

namespace ZooForge.Torch.Training;

/// <summary>Builds input and label tensors for a batch of dataset images.</summary>
internal static class Batches
{
    public static (Tensor Images, Tensor Labels) Make(ImageDataset data, ReadOnlySpan<int> indices)
    {
        int size = data.Channels * data.Height * data.Width;
        var pixels = new float[indices.Length * size];
        var labels = new long[indices.Length];
        for (int b = 0; b < indices.Length; b++)
        {
            data.Pixels.AsSpan(indices[b] * size, size).CopyTo(pixels.AsSpan(b * size, size));
            labels[b] = data.Labels[indices[b]];
        }
        return (tensor(pixels, [indices.Length, data.Channels, data.Height, data.Width]), tensor(labels));
    }
}
