using ZooForge.Core.Errors;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Patterns;

/// <summary>Settings of <see cref="PatternPruning.Apply"/>.</summary>
public sealed record PatternPruningOptions
{
    /// <summary>P: patterns each layer may use (HotNAS: 4). At least 1 and at most the library size.</summary>
    public int PatternCount { get; init; } = 4;

    /// <summary>
    /// Zeroed positions of a 3×3 pattern (see <see cref="PatternLibrary"/>). The default 5 is
    /// HotNAS/PatDNN's "4 non-zeros" (centre + 3).
    /// </summary>
    public int Zeros3x3 { get; init; } = 5;

    /// <summary>Zeroed positions of a 5×5 pattern outside the 13-position core; the default 6 is HotNAS's.</summary>
    public int Zeros5x5 { get; init; } = 6;

    /// <summary>
    /// Convolutions to prune, by IR name. When null, every 3×3 convolution is pruned — conventional,
    /// grouped and depthwise alike (HotNAS puts patterns on 3×3 and depthwise layers); 5×5 layers
    /// are pruned only when listed here.
    /// </summary>
    public IReadOnlyList<string>? Layers { get; init; }

    /// <summary>
    /// Connectivity pruning: the fraction of each pruned layer's kernels to remove entirely, in
    /// [0, 1). round(fraction · kernels) kernels (midpoint away from zero) with the smallest L2 norm
    /// after patterning (ties: lower kernel index first) become all-zero and get pattern id −1.
    /// </summary>
    public double ConnectivityFraction { get; init; }
}

/// <summary>The outcome of <see cref="PatternPruning.Apply"/>.</summary>
/// <param name="Weights">A full copy of the input weights with the pruned kernels masked.</param>
/// <param name="Assignments">Per pruned layer (IR name), its pattern table and per-kernel pattern ids.</param>
public sealed record PatternPruningResult(NetworkWeights Weights, Dictionary<string, PatternAssignment> Assignments);

/// <summary>
/// Pattern pruning (PatDNN, HotNAS) with optional connectivity pruning.
/// </summary>
/// <remarks>
/// Per layer: (1) every K×K kernel votes for its L2-best library candidate, the one keeping the
/// largest sum of squares (ties: smaller mask value); (2) the P most-voted candidates form the
/// layer's <see cref="KernelPatternTable"/> (ties in votes: smaller mask value; candidates without
/// votes fill up in mask order), listed in ascending mask order; (3) every kernel takes the chosen
/// pattern keeping the largest sum of squares (ties: lower pattern index) and the weights outside
/// it are set to zero, those inside unchanged. Energies are summed in double precision.
/// </remarks>
public static class PatternPruning
{
    /// <summary>
    /// Pattern-prunes the selected convolutions of <paramref name="network"/>. The input weights
    /// are not modified.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An explicitly listed layer is unknown, not a convolution, or not 3×3/5×5 (e.g. 1×1); P
    /// exceeds a layer's library; or an option is out of range. The message names the layer.
    /// </exception>
    /// <exception cref="GraphException">The weights do not match the network.</exception>
    public static PatternPruningResult Apply(Network network, NetworkWeights weights, PatternPruningOptions? options = null)
    {
        options ??= new PatternPruningOptions();
        if (options.PatternCount < 1)
            throw new InvalidInputException($"pattern count P must be at least 1; got {options.PatternCount}", nameof(options));
        if (!(options.ConnectivityFraction >= 0 && options.ConnectivityFraction < 1))
            throw new InvalidInputException($"connectivity fraction must be in [0, 1); got {options.ConnectivityFraction}", nameof(options));
        weights.Validate(network);

        var targets = SelectLayers(network, options.Layers);
        var result = Copy(weights);
        var assignments = new Dictionary<string, PatternAssignment>(StringComparer.Ordinal);
        var libraries = new Dictionary<int, KernelPatternTable>();
        foreach (var conv in targets)
        {
            int zeros = conv.Kernel == 3 ? options.Zeros3x3 : options.Zeros5x5;
            if (!libraries.TryGetValue(conv.Kernel, out var library))
            {
                try
                {
                    library = PatternLibrary.Enumerate(conv.Kernel, zeros);
                }
                catch (InvalidInputException e)
                {
                    throw new InvalidInputException($"layer '{conv.Name}': {e.Message}", nameof(options), e);
                }
                libraries[conv.Kernel] = library;
            }
            if (options.PatternCount > library.Count)
                throw new InvalidInputException(
                    $"layer '{conv.Name}': P = {options.PatternCount} patterns requested, but the {conv.Kernel}x{conv.Kernel} library with {zeros} zeros has only {library.Count}",
                    nameof(options));

            var tensor = result.Get($"{conv.Name}.weight");
            var table = SelectPatterns(tensor.Data, conv.Kernel, library, options.PatternCount);
            int[] ids = AssignAndMask(tensor.Data, table);
            if (options.ConnectivityFraction > 0)
                PruneConnectivity(tensor.Data, conv.Kernel, ids, options.ConnectivityFraction);
            assignments[conv.Name] = new PatternAssignment(conv.Name, table, ids);
        }
        return new PatternPruningResult(result, assignments);
    }

    /// <summary>Sum of squares of the weights of one kernel that <paramref name="mask"/> keeps.</summary>
    public static double KeptEnergy(ReadOnlySpan<float> kernel, ulong mask)
    {
        double sum = 0;
        for (int p = 0; p < kernel.Length; p++)
            if ((mask >> p & 1) != 0) sum += (double)kernel[p] * kernel[p];
        return sum;
    }

    /// <summary>
    /// Chooses P patterns for a layer whose kernels are stored consecutively in
    /// <paramref name="weights"/> (K·K values each): every kernel votes for its L2-best candidate
    /// and the P most-voted candidates win (ties: smaller mask). The table lists them in ascending
    /// mask order.
    /// </summary>
    public static KernelPatternTable SelectPatterns(ReadOnlySpan<float> weights, int kernel, KernelPatternTable candidates, int count)
    {
        if (candidates.Kernel != kernel)
            throw new ArgumentException($"candidate table is {candidates.Kernel}x{candidates.Kernel}, layer kernel is {kernel}x{kernel}", nameof(candidates));
        if (count < 1 || count > candidates.Count)
            throw new InvalidInputException($"pattern count must be in 1..{candidates.Count}; got {count}", nameof(count));
        int size = kernel * kernel;
        var votes = new int[candidates.Count];
        for (int k = 0; k < weights.Length / size; k++)
            votes[Best(weights.Slice(k * size, size), candidates.Masks)]++;
        var chosen = Enumerable.Range(0, candidates.Count)
            .OrderByDescending(i => votes[i])
            .ThenBy(i => candidates.Masks[i])
            .Take(count)
            .Select(i => candidates.Masks[i])
            .Order()
            .ToArray();
        return new KernelPatternTable(kernel, chosen);
    }

    /// <summary>
    /// Assigns every kernel of <paramref name="weights"/> (K·K values each) the pattern of
    /// <paramref name="table"/> that keeps the largest sum of squares (ties: lower index), zeroes
    /// the weights outside it in place, and returns the pattern ids in kernel order.
    /// </summary>
    public static int[] AssignAndMask(Span<float> weights, KernelPatternTable table)
    {
        if (table.Count == 0) throw new ArgumentException("the pattern table is empty", nameof(table));
        int size = table.Kernel * table.Kernel;
        var ids = new int[weights.Length / size];
        for (int k = 0; k < ids.Length; k++)
        {
            var w = weights.Slice(k * size, size);
            int best = Best(w, table.Masks);
            ids[k] = best;
            ulong mask = table.Masks[best];
            for (int p = 0; p < size; p++)
                if ((mask >> p & 1) == 0) w[p] = 0f;
        }
        return ids;
    }

    /// <summary>Index of the mask keeping the largest energy; the first wins ties.</summary>
    private static int Best(ReadOnlySpan<float> kernel, IReadOnlyList<ulong> masks)
    {
        int best = 0;
        double bestEnergy = double.NegativeInfinity;
        for (int i = 0; i < masks.Count; i++)
        {
            double e = KeptEnergy(kernel, masks[i]);
            if (e > bestEnergy)
            {
                bestEnergy = e;
                best = i;
            }
        }
        return best;
    }

    private static void PruneConnectivity(float[] data, int kernel, int[] ids, double fraction)
    {
        int size = kernel * kernel;
        int remove = (int)Math.Round(fraction * ids.Length, MidpointRounding.AwayFromZero);
        if (remove == 0) return;
        var norms = new double[ids.Length];
        for (int k = 0; k < ids.Length; k++) norms[k] = KeptEnergy(data.AsSpan(k * size, size), ulong.MaxValue);
        foreach (int k in Enumerable.Range(0, ids.Length).OrderBy(k => norms[k]).ThenBy(k => k).Take(remove))
        {
            ids[k] = -1;
            Array.Clear(data, k * size, size);
        }
    }

    private static List<Conv2dLayer> SelectLayers(Network network, IReadOnlyList<string>? names)
    {
        if (names is null)
            return network.Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().Where(c => c.Kernel == 3).ToList();
        var list = new List<Conv2dLayer>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!network.Contains(name))
                throw new InvalidInputException($"pattern pruning: network '{network.Name}' has no layer '{name}'", nameof(names));
            var layer = network[name].Layer;
            if (layer is not Conv2dLayer conv)
                throw new InvalidInputException($"pattern pruning: layer '{name}' is a {layer.Kind}, not a convolution", nameof(names));
            if (!PatternLibrary.Supports(conv.Kernel))
                throw new InvalidInputException(
                    $"pattern pruning: layer '{name}' has a {conv.Kernel}x{conv.Kernel} kernel; patterns need a 3x3 or 5x5 kernel",
                    nameof(names));
            list.Add(conv);
        }
        return list;
    }

    /// <summary>A deep copy of every tensor.</summary>
    internal static NetworkWeights Copy(NetworkWeights weights)
    {
        var copy = new NetworkWeights();
        foreach (var (key, t) in weights.Entries)
            copy.Set(key, new WeightTensor((int[])t.Shape.Clone(), (float[])t.Data.Clone()));
        return copy;
    }
}
