using ZooForge.Search.Space;

namespace ZooForge.Search.Strategies.Bayesian;

/// <summary>Settings of <see cref="BayesianStrategy"/>.</summary>
/// <param name="InitialPoints">Random valid candidates before the surrogate takes over.</param>
/// <param name="PoolSize">Random valid candidates scored by the acquisition per proposal (besides the incumbents' neighbours).</param>
/// <param name="Xi">Exploration margin of expected improvement, in reward units.</param>
/// <param name="RewardOnFeasibleOnly">
/// Fit the reward GP to feasible observations only (the output constraints are then the
/// classifier's alone). Infeasible points' rewards are a penalty, not a measurement: on a problem
/// where many points are infeasible the penalty's cliff distorts the reward model near the
/// boundary. Off by default, as the flat BO has always run.
/// </param>
/// <param name="Relevance">
/// Fit the reward GP with one length scale per feature (automatic relevance determination), for
/// spaces whose genes matter very unequally; off by default (one isotropic length scale).
/// </param>
/// <param name="ExploreUntilFeasible">
/// While no feasible point is known, propose the candidate the reward model is least certain
/// about (farthest from everything seen) instead of the best predicted reward: when every
/// observation so far is an infeasible penalty, the predicted reward is flat and would keep the
/// search next to the infeasible points it started from. Off by default.
/// </param>
public sealed record BayesianSettings(int InitialPoints = 5, int PoolSize = 400, double Xi = 0.01, bool RewardOnFeasibleOnly = false, bool Relevance = false,
    bool ExploreUntilFeasible = false);

/// <summary>
/// Constrained Bayesian optimisation (Shi et al.): a Gaussian process models the reward; a
/// second one, fitted to ±1 feasibility labels (a least-squares GP classifier), gives the
/// probability that an unknown constraint holds, P = Φ(μ_c/σ_c). The next candidate maximises
/// expected improvement over the best feasible reward times that probability (only the
/// probability while nothing feasible is known). Known constraints — cheap checks such as
/// "the hardware fits the device" or fast exploration's latency bound — are never modelled:
/// candidates are drawn only from points that pass <c>isValid</c>, so BO never proposes one that
/// violates them. The acquisition is maximised over a seeded pool of random valid candidates
/// plus every one-gene neighbour of the three best observations; seen candidates are skipped.
/// </summary>
public sealed class BayesianStrategy : ISearchStrategy
{
    private const int MaxSampleAttempts = 50;
    private const int MaxConsecutiveMisses = 2000;
    private readonly SearchSpace _space;
    private readonly Func<Candidate, bool> _isValid;
    private readonly Dictionary<string, bool> _validity = new(StringComparer.Ordinal);
    private readonly BayesianSettings _settings;
    private readonly CandidateFeatures _features;
    private readonly Random _random;
    private readonly List<(Candidate Candidate, double[] X, Observation Observation)> _observed = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Creates the optimiser.</summary>
    /// <param name="space">The genes.</param>
    /// <param name="seed">Seed of the initial design and of the candidate pools.</param>
    /// <param name="isValid">Known constraints: only candidates it accepts are proposed (null: every candidate).</param>
    /// <param name="settings">Tuning; null for the defaults.</param>
    public BayesianStrategy(SearchSpace space, long seed, Func<Candidate, bool>? isValid = null, BayesianSettings? settings = null)
    {
        _space = space;
        _isValid = isValid ?? (_ => true);
        _settings = settings ?? new BayesianSettings();
        _features = new CandidateFeatures(space);
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
    }

    /// <inheritdoc />
    public string Name => "bo";

    /// <summary>Whether <paramref name="candidate"/> meets the known constraints (memoised).</summary>
    public bool IsValid(Candidate candidate)
    {
        if (!_validity.TryGetValue(candidate.Key, out bool valid)) _validity[candidate.Key] = valid = _isValid(candidate);
        return valid;
    }

    /// <inheritdoc />
    public Candidate Propose()
    {
        var pool = Pool();
        if (_observed.Count < _settings.InitialPoints || pool.Count == 0)
            return pool.Count > 0 ? pool[0] : SampleValid(allowSeen: true) ?? _space.Sample(_random);

        var feasible = _observed.Where(o => o.Observation.Feasible).ToList();
        var modelled = _settings.RewardOnFeasibleOnly && feasible.Count > 0 ? feasible : _observed;
        var rewards = GaussianProcess.Fit(modelled.Select(o => o.X).ToList(), modelled.Select(o => o.Observation.Reward).ToList(), relevance: _settings.Relevance);
        var feasibility = FeasibilityModel.Fit(_observed.Select(o => o.X).ToList(), _observed.Select(o => o.Observation.Feasible).ToList());
        double? incumbent = feasible.Count > 0 ? feasible.Max(o => o.Observation.Reward) : null;

        Candidate best = pool[0];
        double bestScore = double.NegativeInfinity;
        foreach (var candidate in pool)
        {
            var x = _features.Encode(candidate);
            double pFeasible = feasibility.Probability(x);
            var (mean, sd) = rewards.Predict(x);
            double score = incumbent is { } f
                ? Normal.ExpectedImprovement(mean, sd, f, _settings.Xi) * pFeasible
                : _settings.ExploreUntilFeasible ? sd : pFeasible + 1e-6 * mean;
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }

    /// <inheritdoc />
    public void Observe(Candidate candidate, Observation observation)
    {
        _seen.Add(candidate.Key);
        _observed.Add((candidate, _features.Encode(candidate), observation));
    }

    /// <summary>Unseen valid candidates to score: the incumbents' neighbours first, then a random pool.</summary>
    private List<Candidate> Pool()
    {
        var pool = new List<Candidate>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        void Offer(Candidate c)
        {
            if (!_seen.Contains(c.Key) && keys.Add(c.Key) && IsValid(c)) pool.Add(c);
        }
        if (_observed.Count >= _settings.InitialPoints)
            foreach (var (incumbent, _, _) in _observed.OrderByDescending(o => o.Observation.Feasible).ThenByDescending(o => o.Observation.Reward).Take(3))
                foreach (var neighbour in Neighbours(incumbent)) Offer(neighbour);
        int target = _observed.Count < _settings.InitialPoints ? 1 : _settings.PoolSize;
        // Stops early once draws keep hitting seen or invalid points (a small space nearly exhausted).
        for (int added = 0, misses = 0; added < target && misses < MaxConsecutiveMisses; )
        {
            int before = pool.Count;
            Offer(_space.Sample(_random));
            if (pool.Count > before) (added, misses) = (added + 1, 0);
            else misses++;
        }
        return pool;
    }

    private IEnumerable<Candidate> Neighbours(Candidate c)
    {
        for (int g = 0; g < _space.Genes.Count; g++)
        {
            if (!c.Applies(g)) continue;
            for (int v = 0; v < _space.Genes[g].Values.Count; v++)
            {
                if (v == c.Choices[g]) continue;
                var choices = c.Choices.ToArray();
                choices[g] = v;
                yield return _space.Normalise(choices);
            }
        }
    }

    private Candidate? SampleValid(bool allowSeen)
    {
        for (int i = 0; i < _settings.PoolSize * MaxSampleAttempts; i++)
        {
            var c = _space.Sample(_random);
            if ((allowSeen || !_seen.Contains(c.Key)) && IsValid(c)) return c;
        }
        return null;
    }
}
