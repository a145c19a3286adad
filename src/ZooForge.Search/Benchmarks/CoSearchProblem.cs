using ZooForge.Search.Config;
using ZooForge.Search.Engine;
using ZooForge.Search.Evaluation;
using ZooForge.Search.Exploration;
using ZooForge.Search.Space;
using ZooForge.Search.Store;

namespace ZooForge.Search.Benchmarks;

/// <summary>
/// The co-search as a benchmark problem, with one evaluation cache shared by every strategy and
/// seed: a trial store keyed by the candidate. Each distinct candidate is evaluated (fast
/// exploration, then fine-tuning) once, by <see cref="SearchEngine.Evaluate"/> with the fixed
/// fine-tuning seed <see cref="FineTuneSeed"/>, so a candidate's accuracy does not depend on
/// which strategy or search seed proposed it, and the store makes an interrupted benchmark
/// resumable. Known constraints are the hardware-only constraints fast exploration checks
/// (a candidate that misses them is pruned without training); the objective, feasibility and
/// reward are the search's own.
/// </summary>
public sealed class CoSearchProblem : ISearchProblem
{
    /// <summary>Search seed given to the engine, which makes every candidate's fine-tuning seed a function of its key only.</summary>
    public const long FineTuneSeed = 0;

    private readonly SearchConfig _config;
    private readonly SearchEngine _engine;
    private readonly ITrialStore _store;
    private readonly Dictionary<string, TrialRecord> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _valid = new(StringComparer.Ordinal);

    /// <summary>Creates the problem; trained networks and the cache go to <paramref name="store"/>'s run folder <paramref name="folder"/>.</summary>
    public CoSearchProblem(SearchConfig config, FastExplorer explorer, IAccuracyEvaluator evaluator, ITrialStore store, string folder)
    {
        (_config, _store) = (config, store);
        _engine = new SearchEngine(config, explorer, evaluator, store, folder, FineTuneSeed);
        foreach (var trial in store.Trials()) _cache.TryAdd(trial.Key, trial);
    }

    /// <inheritdoc />
    public string Name => "cosearch";

    /// <inheritdoc />
    public string ObjectiveName => _config.Objective.Text;

    /// <inheritdoc />
    public bool Maximise => true;

    /// <inheritdoc />
    public SearchSpace Space => _config.Space;

    /// <summary>The hypervolume reference: the reward's accuracy floor A_lo and latency ceiling L_hi.</summary>
    public Hypervolume Reference => new(_config.Reward.AccuracyLow, _config.Reward.LatencyHighMs);

    /// <summary>Distinct candidates evaluated so far (trained or pruned), including ones loaded from the store.</summary>
    public int Evaluated => _cache.Count;

    /// <summary>Distinct candidates trained so far.</summary>
    public int Trained => _cache.Values.Count(t => t.Status != TrialStatus.Pruned);

    /// <inheritdoc />
    public bool IsValid(Candidate candidate)
    {
        if (_cache.TryGetValue(candidate.Key, out var known)) return known.Status != TrialStatus.Pruned;
        if (_valid.TryGetValue(candidate.Key, out bool valid)) return valid;
        return _valid[candidate.Key] = _engine.MeetsHardwareConstraints(candidate);
    }

    /// <inheritdoc />
    public ProblemOutcome Evaluate(Candidate candidate)
    {
        if (!_cache.TryGetValue(candidate.Key, out var trial))
        {
            trial = _engine.Evaluate(_cache.Count, candidate);
            _store.Add(trial);
            _cache[candidate.Key] = trial;
        }
        bool feasible = trial.Status == TrialStatus.Feasible;
        return new ProblemOutcome(SearchEngine.Observe(trial), feasible ? trial.Objective : null, feasible ? trial.Accuracy : null,
            double.IsNaN(trial.LatencyMs) ? null : trial.LatencyMs);
    }
}
