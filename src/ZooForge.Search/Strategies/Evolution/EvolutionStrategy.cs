using System.Globalization;
using ZooForge.Search.Space;

namespace ZooForge.Search.Strategies.Evolution;

/// <summary>
/// HSCoNAS's evolutionary search, steady state (one child per trial):
/// <list type="bullet">
/// <item>Constraint-aware fitness: a feasible candidate beats every infeasible one; ties are
/// broken by reward (so among infeasible ones, the closer to the specification the better).</item>
/// <item>Selection: two tournaments over the <see cref="EvolutionSettings.PopulationSize"/>
/// fittest distinct candidates; uniform crossover, then each applicable gene mutates with
/// probability 1/(applicable genes), at least one gene always changing.</item>
/// <item>Dynamic channel scaling: when <see cref="EvolutionSettings.LatencyTargetMs"/> is set, a
/// child of a parent slower than the target has one of its cut genes moved one step toward more
/// cutting, and a child of a parent well under the target one step toward less, so widths track
/// the latency budget instead of drifting at random.</item>
/// <item>Progressive space shrinking: every <see cref="EvolutionSettings.ShrinkEvery"/> trials,
/// an option value seen in at least <see cref="EvolutionSettings.ShrinkEvidence"/> feasible
/// candidates, all of them in the worse half of the feasible ones by reward, is dropped (a gene keeps at least one
/// value); each drop is recorded in <see cref="Shrunk"/> and <see cref="Log"/>.</item>
/// </list>
/// Children already evaluated are re-bred (up to a limit), so trials are not spent on repeats.
/// </summary>
public sealed class EvolutionStrategy : ISearchStrategy
{
    private const int BreedAttempts = 30;
    private readonly SearchSpace _space;
    private readonly EvolutionSettings _settings;
    private readonly Random _random;
    private readonly List<int>[] _allowed;
    private readonly Dictionary<string, (Candidate Candidate, Observation Observation)> _evaluated = new(StringComparer.Ordinal);
    private readonly List<ShrinkEvent> _shrunk = [];
    private readonly List<string> _log = [];
    private int _trials;

    /// <summary>Creates the search.</summary>
    public EvolutionStrategy(SearchSpace space, long seed, EvolutionSettings? settings = null)
    {
        _space = space;
        _settings = settings ?? new EvolutionSettings();
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        _allowed = space.Genes.Select(g => Enumerable.Range(0, g.Values.Count).ToList()).ToArray();
        _log.Add(_settings.ShrinkEvery > 0
            ? $"shrink schedule: after every {_settings.ShrinkEvery} trials, drop values seen in >= {_settings.ShrinkEvidence} candidates, all in the worse half"
            : "shrink schedule: off");
    }

    /// <inheritdoc />
    public string Name => "evolution";

    /// <summary>Option values dropped so far, in order.</summary>
    public IReadOnlyList<ShrinkEvent> Shrunk => _shrunk;

    /// <summary>Human-readable record of the schedule, the drops and the channel-scaling steps.</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>The value indices of gene <paramref name="gene"/> still allowed.</summary>
    public IReadOnlyList<int> Allowed(int gene) => _allowed[gene];

    /// <inheritdoc />
    public Candidate Propose()
    {
        if (_evaluated.Count < _settings.PopulationSize) return Unseen(SampleAllowed);
        var population = _evaluated.Values.OrderByDescending(e => e, Fitness).Take(_settings.PopulationSize).ToList();
        return Unseen(() => Breed(population));
    }

    /// <inheritdoc />
    public void Observe(Candidate candidate, Observation observation)
    {
        _trials++;
        _evaluated.TryAdd(candidate.Key, (candidate, observation));
        if (_settings.ShrinkEvery > 0 && _trials % _settings.ShrinkEvery == 0) Shrink();
    }

    private static readonly Comparer<(Candidate Candidate, Observation Observation)> Fitness = Comparer<(Candidate Candidate, Observation Observation)>.Create((a, b) =>
    {
        int c = a.Observation.Feasible.CompareTo(b.Observation.Feasible);
        return c != 0 ? c : a.Observation.Reward.CompareTo(b.Observation.Reward);
    });

    private Candidate Unseen(Func<Candidate> make)
    {
        Candidate child = make();
        for (int i = 1; i < BreedAttempts && _evaluated.ContainsKey(child.Key); i++) child = make();
        for (int i = 0; i < BreedAttempts && _evaluated.ContainsKey(child.Key); i++) child = SampleAllowed();
        return child;
    }

    private Candidate SampleAllowed() =>
        _space.Normalise(_allowed.Select(values => values[_random.Next(values.Count)]).ToArray());

    private Candidate Breed(List<(Candidate Candidate, Observation Observation)> population)
    {
        var first = Tournament(population);
        var second = Tournament(population);
        var choices = first.Candidate.Choices.ToArray();
        if (_random.NextDouble() < _settings.CrossoverRate)
            for (int g = 0; g < choices.Length; g++)
                if (_random.Next(2) == 1) choices[g] = second.Candidate.Choices[g];
        var applicable = Enumerable.Range(0, choices.Length).Where(g => _allowed[g].Count > 1 && _space.Normalise(choices.ToArray()).Applies(g)).ToList();
        bool changed = false;
        foreach (int g in applicable)
            if (_random.NextDouble() < 1.0 / applicable.Count) changed |= Mutate(choices, g);
        if (!changed && applicable.Count > 0) Mutate(choices, applicable[_random.Next(applicable.Count)]);
        ScaleChannels(choices, first.Observation);
        // Values dropped after the parents were bred are replaced by allowed ones.
        for (int g = 0; g < choices.Length; g++)
            if (!_allowed[g].Contains(choices[g])) choices[g] = _allowed[g][_random.Next(_allowed[g].Count)];
        return _space.Normalise(choices);
    }

    private (Candidate Candidate, Observation Observation) Tournament(List<(Candidate Candidate, Observation Observation)> population)
    {
        var best = population[_random.Next(population.Count)];
        for (int i = 1; i < _settings.TournamentSize; i++)
        {
            var rival = population[_random.Next(population.Count)];
            if (Fitness.Compare(rival, best) > 0) best = rival;
        }
        return best;
    }

    private bool Mutate(int[] choices, int gene)
    {
        var options = _allowed[gene].Where(v => v != choices[gene]).ToList();
        if (options.Count == 0) return false;
        choices[gene] = options[_random.Next(options.Count)];
        return true;
    }

    /// <summary>Moves one applicable cut gene a step toward the latency target set by the parent's latency.</summary>
    private void ScaleChannels(int[] choices, Observation parent)
    {
        if (_settings.LatencyTargetMs is not { } target || parent.LatencyMs is not { } latency) return;
        int direction = latency > target ? 1 : latency < target * (1 - _settings.ScalingSlack) ? -1 : 0;
        if (direction == 0) return;
        var candidate = _space.Normalise(choices.ToArray());
        var cuts = Enumerable.Range(0, choices.Length).Where(g => _space.Genes[g].Kind == GeneKind.Cut && candidate.Applies(g)).ToList();
        if (cuts.Count == 0) return;
        int gene = cuts[_random.Next(cuts.Count)];
        var values = _space.Genes[gene].Values;
        var ordered = _allowed[gene].OrderBy(v => values[v]).ToList();
        int position = ordered.IndexOf(choices[gene]);
        if (position < 0) return;
        int next = Math.Clamp(position + direction, 0, ordered.Count - 1);
        if (next == position) return;
        _log.Add(string.Create(CultureInfo.InvariantCulture,
            $"trial {_trials}: channel scaling {_space.Genes[gene].Name} {values[choices[gene]]:R} -> {values[ordered[next]]:R} (parent {latency:0.#####} ms, target {target:0.#####} ms)"));
        choices[gene] = ordered[next];
    }

    private void Shrink()
    {
        // Only feasible candidates are ranked: an infeasible one is poor because of its whole
        // combination (e.g. a large Tm with a large Tn overflows the DSPs), which says nothing
        // about any single value in it.
        var ranked = _evaluated.Values.Where(e => e.Observation.Feasible).OrderByDescending(e => e, Fitness).ToList();
        int goodCount = (ranked.Count + 1) / 2;
        for (int g = 0; g < _space.Genes.Count; g++)
        {
            foreach (int v in _allowed[g].ToList())
            {
                if (_allowed[g].Count == 1) break;
                var users = ranked.Select((e, rank) => (e.Candidate, rank)).Where(u => u.Candidate.Applies(g) && u.Candidate.Choices[g] == v).ToList();
                if (users.Count < _settings.ShrinkEvidence || users.Any(u => u.rank < goodCount)) continue;
                _allowed[g].Remove(v);
                var gene = _space.Genes[g];
                double value = gene.Values[v];
                _shrunk.Add(new ShrinkEvent(_trials, gene.Name, value, users.Count));
                string shown = gene.Kind == GeneKind.Model ? _space.Models[v] : value.ToString("R", CultureInfo.InvariantCulture);
                _log.Add($"trial {_trials}: dropped {gene.Name}={shown} ({users.Count} candidates, all in the worse half)");
            }
        }
    }
}
