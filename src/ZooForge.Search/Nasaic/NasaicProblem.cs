using ZooForge.Asic.Heterogeneous;
using ZooForge.Asic.Mapping;
using ZooForge.Search.Space;

namespace ZooForge.Search.Nasaic;

/// <summary>
/// The NASAIC space and its fast exploration. Genes, all named (kind <see cref="GeneKind.Hardware"/>,
/// the name in <see cref="Gene.Layer"/>): per task <c>&lt;task&gt;.model</c> (index into its
/// candidates), <c>&lt;task&gt;.width</c> (the cut fraction) and <c>&lt;task&gt;.sub</c> (the slot it
/// runs on); per slot <c>sub&lt;j&gt;.dataflow</c> (index into the slot's templates),
/// <c>sub&lt;j&gt;.pe_share</c> and <c>sub&lt;j&gt;.bw_share</c>. A candidate is valid (a known
/// constraint, checked before anything is costed) when the built slots' PE shares and bandwidth
/// shares each total at most 100%. Costs come from the cost model with each layer mapped, cached
/// per network and sub-accelerator.
/// </summary>
public sealed class NasaicProblem
{
    private readonly Dictionary<string, NasaicMeasurement> _measured = new(StringComparer.Ordinal);

    /// <summary>Builds the problem of a configuration.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="zoo">The tasks' zoos (shared so networks are built once).</param>
    /// <param name="costs">The cost cache (shared between problems on the same base, e.g. the co-search and the baseline).</param>
    public NasaicProblem(NasaicConfig config, NasaicZoo zoo, NetworkCostCache? costs = null)
    {
        Config = config;
        Zoo = zoo;
        Costs = costs ?? new NetworkCostCache(config.Hardware.Base, DefaultMapper);
        var genes = new List<Gene>();
        int slots = config.Hardware.Slots.Count;
        foreach (var task in config.Tasks)
        {
            genes.Add(Named($"{task.Name}.model", Enumerable.Range(0, task.Candidates.Count).Select(i => (double)i)));
            genes.Add(Named($"{task.Name}.width", config.Widths));
            genes.Add(Named($"{task.Name}.sub", Enumerable.Range(0, slots).Select(i => (double)i)));
        }
        for (int j = 0; j < slots; j++)
        {
            var slot = config.Hardware.Slots[j];
            genes.Add(Named($"sub{j}.dataflow", Enumerable.Range(0, slot.Dataflows.Count).Select(i => (double)i)));
            genes.Add(Named($"sub{j}.pe_share", slot.PeShares));
            genes.Add(Named($"sub{j}.bw_share", slot.BandwidthShares));
        }
        Space = new SearchSpace([string.Join("+", config.Tasks.Select(t => t.Name))], genes);
    }

    /// <summary>The mapper's settings: each layer's lowest-EDP mapping, 500 evaluations beyond the exhaustive limit.</summary>
    public static MapperOptions DefaultMapper { get; } = new() { Objective = Objective.Edp, Budget = 500 };

    /// <summary>The name of the problem (<c>nasaic</c>).</summary>
    public string Name => NasaicConfigFile.ProblemName;

    /// <summary>The configuration.</summary>
    public NasaicConfig Config { get; }

    /// <summary>The tasks' zoos.</summary>
    public NasaicZoo Zoo { get; }

    /// <summary>The cost cache.</summary>
    public NetworkCostCache Costs { get; }

    /// <summary>The genes.</summary>
    public SearchSpace Space { get; }

    /// <summary>Distinct designs costed so far.</summary>
    public int Measured => _measured.Count;

    /// <summary>Decodes a candidate.</summary>
    public NasaicDesign Design(Candidate candidate)
    {
        var hw = Config.Hardware;
        var architectures = new List<NasaicArchitecture>();
        var assignment = new List<int>();
        foreach (var task in Config.Tasks)
        {
            architectures.Add(new NasaicArchitecture(task.Name, task.Candidates[(int)Value(candidate, $"{task.Name}.model")], Value(candidate, $"{task.Name}.width")));
            assignment.Add((int)Value(candidate, $"{task.Name}.sub"));
        }
        var subs = new List<SubAccelerator>();
        var peShares = new List<double>();
        var bwShares = new List<double>();
        for (int j = 0; j < hw.Slots.Count; j++)
        {
            double pe = Value(candidate, $"sub{j}.pe_share"), bw = Value(candidate, $"sub{j}.bw_share");
            peShares.Add(pe);
            bwShares.Add(bw);
            subs.Add(new SubAccelerator(hw.Slots[j].Dataflows[(int)Value(candidate, $"sub{j}.dataflow")],
                Take(pe, hw.Pes), Take(bw, hw.NocBandwidth), Take(bw, hw.OffChipBandwidth)));
        }
        return new NasaicDesign(architectures, assignment, subs, peShares, bwShares);
    }

    /// <summary>Why a candidate breaks a known constraint (the built slots' shares above 100%), or null.</summary>
    public string? InputViolation(Candidate candidate) => InputViolation(Design(candidate));

    /// <summary>Why a design breaks a known constraint, or null.</summary>
    public static string? InputViolation(NasaicDesign design)
    {
        const double slack = 1e-9;
        if (design.PeShareTotal > 1 + slack) return $"PE shares total {100 * design.PeShareTotal:0.#}% > 100%";
        if (design.BandwidthShareTotal > 1 + slack) return $"bandwidth shares total {100 * design.BandwidthShareTotal:0.#}% > 100%";
        return null;
    }

    /// <summary>Whether the candidate meets the known constraints (strategies may skip those that do not).</summary>
    public bool IsValid(Candidate candidate) => InputViolation(candidate) is null;

    /// <summary>Fast exploration of a valid candidate: every network costed on its sub-accelerator, the specs checked (memoised by design).</summary>
    public NasaicMeasurement Measure(Candidate candidate) => Measure(Design(candidate));

    /// <summary>Fast exploration of a design.</summary>
    public NasaicMeasurement Measure(NasaicDesign design)
    {
        string key = design.CanonicalKey;
        lock (_measured)
        {
            if (_measured.TryGetValue(key, out var known)) return known;
        }
        var placed = new List<PlacedNetwork>();
        NasaicMeasurement measurement;
        string? refusal = null;
        for (int t = 0; t < design.Architectures.Count && refusal is null; t++)
        {
            var architecture = design.Architectures[t];
            var sub = design.SubAccelerators[design.Assignment[t]];
            var (network, _) = Zoo.Build(architecture);
            var cost = Costs.Cost(architecture.Task + "/" + architecture.Key, network, sub, out var why);
            if (cost is null) refusal = $"no mapping of {architecture.Task}'s {architecture.Key} fits sub-accelerator {design.Assignment[t]} ({sub}): {why}";
            else placed.Add(new PlacedNetwork($"{architecture.Task}:{architecture.Key}", design.Assignment[t], cost));
        }
        measurement = refusal is null
            ? new NasaicMeasurement(design, HeterogeneousEstimate.Combine(design.SubAccelerators, placed, Config.Hardware.Base), null, Config.Specs)
            : new NasaicMeasurement(design, null, refusal, Config.Specs);
        lock (_measured) _measured[key] = measurement;
        return measurement;
    }

    /// <summary>The value of the named gene in a candidate.</summary>
    public static double Value(Candidate candidate, string gene)
    {
        var genes = candidate.Space.Genes;
        for (int i = 0; i < genes.Count; i++)
            if (genes[i].Layer == gene) return genes[i].Values[candidate.Choices[i]];
        throw new KeyNotFoundException($"the NASAIC space has no gene '{gene}'");
    }

    private static int Take(double share, int total) => Math.Max(1, (int)Math.Floor(share * total + 1e-9));

    private static Gene Named(string name, IEnumerable<double> values) => new(GeneKind.Hardware, values.ToList(), Layer: name);
}
