namespace ZooForge.Asic.Cost;

/// <summary>The three tensors of a layer.</summary>
public enum Tensor
{
    /// <summary>Weights (filters).</summary>
    Weight = 0,
    /// <summary>Input activations.</summary>
    Input = 1,
    /// <summary>Output activations (partial sums while the reduction is unfinished).</summary>
    Output = 2,
}
