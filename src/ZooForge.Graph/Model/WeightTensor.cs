namespace ZooForge.Graph.Model;

/// <summary>A dense float32 tensor in row-major (C) order, as torch stores parameters.</summary>
public sealed class WeightTensor
{
    /// <summary>Wraps <paramref name="data"/> with <paramref name="shape"/>; the sizes must agree.</summary>
    public WeightTensor(int[] shape, float[] data)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in shape [{string.Join(",", shape)}]");
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"shape [{string.Join(",", shape)}] holds {count} values, data has {data.Length}");
        Shape = shape;
        Data = data;
    }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Values in row-major order.</summary>
    public float[] Data { get; }

    /// <summary>Number of values.</summary>
    public int Length => Data.Length;

    /// <summary>The shape as text, e.g. <c>[64,3,7,7]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Shape) + "]";

    /// <summary>True if shapes are equal and every value is bit-identical.</summary>
    public bool BitwiseEquals(WeightTensor other) =>
        Shape.AsSpan().SequenceEqual(other.Shape) && Data.AsSpan().SequenceEqual(other.Data);
}
