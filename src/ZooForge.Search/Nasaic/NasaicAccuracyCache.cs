namespace ZooForge.Search.Nasaic;

/// <summary>
/// Remembers each network's accuracy per seed, so a network chosen by many designs (and by the
/// sequential baseline) is fine-tuned and measured once; the answer is deterministic for a seed.
/// </summary>
/// <param name="inner">The slow exploration being cached.</param>
public sealed class NasaicAccuracyCache(INasaicAccuracy inner) : INasaicAccuracy
{
    private readonly Dictionary<(string, long), (int Correct, int Total)> _known = new();

    /// <summary>Networks measured so far (distinct networks and seeds).</summary>
    public int Measured => _known.Count;

    /// <inheritdoc />
    public (int Correct, int Total) Accuracy(NasaicArchitecture architecture, long seed)
    {
        var key = (architecture.Task + "/" + architecture.Key, seed);
        lock (_known)
        {
            if (_known.TryGetValue(key, out var known)) return known;
        }
        var result = inner.Accuracy(architecture, seed);
        lock (_known) _known[key] = result;
        return result;
    }
}
