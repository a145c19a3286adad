using ZooForge.Compression.Quantization;
using ZooForge.Hardware.Accelerator;
using ZooForge.Rtl.Model;

namespace ZooForge.TestSupport;

/// <summary>
/// What the RTL computes, in C#, from a tile's vectors only: for every pixel and active lane,
/// bias + Σ over steps, channels and pattern non-zeros of weight × the window value the pattern
/// selects, requantized. [pixel][lane] like <see cref="RtlTile.Expected"/> (zero for inactive lanes).
/// </summary>
public static class TileOracle
{
    public static int[] Outputs(RtlTile tile, int[] weights, RtlTemplateModel model, EngineTiling e)
    {
        int k = tile.Layer.Kernel, s = tile.Layer.Stride;
        var y = new int[tile.Pixels * e.Tm];
        for (int pixel = 0; pixel < tile.Pixels; pixel++)
            for (int m = 0; m < tile.ActiveOutChannels; m++)
            {
                long acc = tile.Bias[m];
                for (int step = 0; step < tile.Steps; step++)
                    for (int n = 0; n < e.Tn; n++)
                    {
                        int kernel = (step * e.Tm + m) * e.Tn + n;
                        int id = tile.PatternIds[kernel];
                        if (id < 0) continue;
                        var offsets = model.Patterns[id].Offsets;
                        for (int q = 0; q < offsets.Count; q++)
                        {
                            int row = pixel / tile.OutCols * s + offsets[q] / k, col = pixel % tile.OutCols * s + offsets[q] % k;
                            acc += (long)weights[kernel * tile.Ones + q] * tile.Input[((step * e.Tn + n) * tile.InRows + row) * tile.InCols + col];
                        }
                    }
                y[pixel * e.Tm + m] = Requantizer.Requantize(acc, tile.Multiplier[m], tile.Shift[m], tile.Layer.Lo, tile.Layer.Hi);
            }
        return y;
    }
}
