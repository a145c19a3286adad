namespace ZooForge.Search.Nahas;

/// <summary>
/// Slow exploration of NAHAS: hot-starts an architecture from the zoo checkpoint, fine-tunes it for
/// a batch budget and scores it on validation digits. Implemented in <c>ZooForge.Torch</c> (this
/// project has no TorchSharp).
/// </summary>
public interface INahasTrainer
{
    /// <summary>Correct and total validation digits after fine-tuning <paramref name="architecture"/> with <paramref name="seed"/>.</summary>
    (int Correct, int Total) Evaluate(MnasNetArchitecture architecture, long seed);
}

/// <summary>
/// Accuracy per architecture, trained once: accuracy does not depend on the hardware, so the
/// co-search, its fixed-hardware baseline and every strategy and seed share the fine-tunes. The
/// fine-tuning seed is a function of the architecture's key alone, so a cached value is the one a
/// fresh run would compute.
/// </summary>
public sealed class NahasAccuracyCache(INahasTrainer trainer)
{
    private readonly Dictionary<string, double> _accuracy = new(StringComparer.Ordinal);

    /// <summary>Architectures fine-tuned so far.</summary>
    public int Trained => _accuracy.Count;

    /// <summary>The architecture's validation accuracy in [0, 1].</summary>
    public double Accuracy(MnasNetArchitecture architecture)
    {
        if (!_accuracy.TryGetValue(architecture.Key, out double a))
        {
            var (correct, total) = trainer.Evaluate(architecture, SeedOf(architecture.Key));
            _accuracy[architecture.Key] = a = total == 0 ? 0 : (double)correct / total;
        }
        return a;
    }

    /// <summary>Records an accuracy already measured (a resumed search's stored trials).</summary>
    public void Remember(MnasNetArchitecture architecture, double accuracy) => _accuracy.TryAdd(architecture.Key, accuracy);

    /// <summary>The fine-tuning seed of an architecture key (FNV-1a, stable across runs and platforms).</summary>
    public static long SeedOf(string key)
    {
        ulong h = 14695981039346656037;
        foreach (char c in key)
        {
            h ^= c;
            h *= 1099511628211;
        }
        return (long)(h % int.MaxValue) + 1;
    }
}
