namespace ZooForge.Asic.Cost;

/// <summary>A count (words) for each of the three tensors.</summary>
public readonly record struct TensorCounts(double Weight, double Input, double Output)
{
    /// <summary>The three summed.</summary>
    public double Total => Weight + Input + Output;

    /// <summary>The count of one tensor.</summary>
    public double this[Tensor tensor] => tensor switch { Tensor.Weight => Weight, Tensor.Input => Input, _ => Output };

    /// <summary>Scales every count.</summary>
    public static TensorCounts operator *(TensorCounts a, double k) => new(a.Weight * k, a.Input * k, a.Output * k);
}
