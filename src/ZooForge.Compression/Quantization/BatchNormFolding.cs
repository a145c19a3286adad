using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Quantization;

/// <summary>Float32 parameters of a convolution or linear layer after batch-norm folding.</summary>
/// <param name="Weight">[M, N/groups, K, K] for a convolution, [M, N] for a linear layer, row-major.</param>
/// <param name="Bias">[M]; zeros when the layer has neither a bias nor a batch-norm.</param>
public sealed record FoldedParameters(float[] Weight, float[] Bias);

/// <summary>
/// Batch-norm folding, defined once for the quantizer and the fake-quant modules. With
/// γ = weight, β = bias, μ = running_mean, σ² = running_var of the batch-norm and
/// ε = <see cref="Epsilon"/>, every output channel m gets, in double precision,
/// <c>k = γ/√(σ² + ε)</c>, <c>w' = w·k</c> and <c>b' = (b − μ)·k + β</c> (b = 0 without a bias),
/// and w', b' are then rounded to float32: the folded layer is an ordinary float32 layer, as a
/// torch state_dict would hold it, and its weights are quantized from those float32 values.
/// Without a batch-norm the parameters are returned unchanged (copied).
/// </summary>
public static class BatchNormFolding
{
    /// <summary>Torch's default batch-norm epsilon, which the IR assumes.</summary>
    public const double Epsilon = 1e-5;

    /// <summary>The folded parameters of <paramref name="op"/>'s convolution or linear layer.</summary>
    /// <exception cref="QuantizationException">The op is not a convolution or linear layer, or a tensor is missing; names the layer.</exception>
    public static FoldedParameters Fold(FusedOp op, NetworkWeights weights)
    {
        int outChannels = op.Main switch
        {
            Conv2dLayer c => c.OutChannels,
            LinearLayer l => l.OutFeatures,
            _ => throw new QuantizationException($"layer '{op.Main.Name}' ({op.Main.Kind}): only convolution and linear layers have foldable parameters"),
        };
        bool hasBias = op.Main is Conv2dLayer { HasBias: true } or LinearLayer { HasBias: true };
        float[] w = Get(weights, op.Main.Name + ".weight");
        float[] b = hasBias ? Get(weights, op.Main.Name + ".bias") : new float[outChannels];
        if (w.Length % outChannels != 0 || b.Length != outChannels)
            throw new QuantizationException($"layer '{op.Main.Name}': weight/bias sizes {w.Length}/{b.Length} do not match {outChannels} output channels");
        if (op.BatchNorm is not { } bn) return new FoldedParameters((float[])w.Clone(), (float[])b.Clone());

        if (bn.Channels != outChannels)
            throw new QuantizationException($"layer '{bn.Name}' (batchnorm): {bn.Channels} channels, but '{op.Main.Name}' has {outChannels}");
        float[] gamma = Get(weights, bn.Name + ".weight"), beta = Get(weights, bn.Name + ".bias");
        float[] mean = Get(weights, bn.Name + ".running_mean"), variance = Get(weights, bn.Name + ".running_var");
        int per = w.Length / outChannels;
        var fw = new float[w.Length];
        var fb = new float[outChannels];
        for (int m = 0; m < outChannels; m++)
        {
            double v = variance[m];
            if (!(v + Epsilon > 0))
                throw new QuantizationException($"layer '{bn.Name}' (batchnorm): running_var[{m}] = {v} makes the fold undefined");
            double k = gamma[m] / Math.Sqrt(v + Epsilon);
            for (int i = 0; i < per; i++) fw[m * per + i] = (float)(w[m * per + i] * k);
            fb[m] = (float)((b[m] - (double)mean[m]) * k + beta[m]);
        }
        return new FoldedParameters(fw, fb);
    }

    private static float[] Get(NetworkWeights weights, string key) =>
        weights.TryGet(key, out var t) ? t.Data : throw new QuantizationException($"weights: missing tensor '{key}'");
}
