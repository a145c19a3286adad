namespace ZooForge.Compression.Reference;

/// <summary>Top-1 classification over the first <see cref="Total"/> images of a dataset.</summary>
/// <param name="Correct">Images whose prediction equals the label.</param>
/// <param name="Total">Images evaluated.</param>
/// <param name="Predictions">The predicted class of each image, in dataset order.</param>
public sealed record EvaluationResult(int Correct, int Total, int[] Predictions)
{
    /// <summary>Top-1 accuracy in [0, 1].</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Index of the largest value; ties go to the lowest index.</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values) where T : IComparable<T>
    {
        if (values.IsEmpty) throw new ArgumentException("argmax of an empty vector", nameof(values));
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i].CompareTo(values[best]) > 0) best = i;
        return best;
    }
}
