namespace ZooForge.Search.Nasaic;

/// <summary>
/// Slow exploration of one task's network: its top-1 accuracy after the hot start (the zoo
/// checkpoint, cut to the architecture) and a fine-tune of the configured batch budget. Implemented
/// on the TorchSharp side (<c>ZooForge.Torch.Search.NasaicFineTuneAccuracy</c>); the search never trains.
/// </summary>
public interface INasaicAccuracy
{
    /// <summary>The accuracy, in [0, 1], of <paramref name="architecture"/> (deterministic for a seed).</summary>
    /// <param name="architecture">The task's network.</param>
    /// <param name="seed">Seed of the fine-tune's batch order.</param>
    /// <returns>Correct and total validation images.</returns>
    (int Correct, int Total) Accuracy(NasaicArchitecture architecture, long seed);
}
