using ZooForge.Search.Space;
using ZooForge.Search.Strategies;
using ZooForge.Search.Strategies.Bayesian;

namespace ZooForge.Search.HwSw;

/// <summary>The outer searches compared on <c>hwsw-edp</c>, all sampling only points that meet the input constraints.</summary>
public static class HwSwStrategies
{
    /// <summary>Name of Shi et al.'s nested constrained BO in tables and on the command line.</summary>
    public const string NestedBo = "nested-bo";

    /// <summary>Name of the project's flat BO run on the flat problem (hardware and shared mapping genes).</summary>
    public const string FlatBo = "flat-bo";

    /// <summary>
    /// Name of the flat problem searched with the nested BO's settings: it separates what nesting
    /// the mapping search gains from what the BO settings gain.
    /// </summary>
    public const string FlatBoTuned = "flat-bo-tuned";

    /// <summary>
    /// The outer loop of the nested search: the project's constrained BO (GP on the reward, EI ×
    /// probability of feasibility, input constraints enforced by sampling) with the reward GP fitted
    /// to feasible points only, so the output constraints are the feasibility model's alone, and with
    /// one length scale per knob (the knobs matter very unequally: off-chip bandwidth far more than NoC),
    /// exploring where it knows least until a first feasible point is found.
    /// </summary>
    public static ISearchStrategy CreateNestedBo(SearchSpace space, long seed, Func<Candidate, bool> isValid) =>
        new BayesianStrategy(space, seed, isValid, new BayesianSettings(RewardOnFeasibleOnly: true, Relevance: true, ExploreUntilFeasible: true));

    /// <summary>The project's BO exactly as <c>--strategy bo</c> builds it, for the flat problem.</summary>
    public static ISearchStrategy CreateFlatBo(SearchSpace space, long seed, Func<Candidate, bool> isValid) => new BayesianStrategy(space, seed, isValid);

    /// <summary>
    /// The strategy <paramref name="name"/> on <paramref name="problem"/>: the nested and flat BO and
    /// random search are built here; any other name by <paramref name="others"/> (the command line's strategies).
    /// </summary>
    public static ISearchStrategy Create(string name, HwSwProblem problem, long seed, Func<string, SearchSpace, long, Func<Candidate, bool>, ISearchStrategy> others) => name switch
    {
        NestedBo => CreateNestedBo(problem.Space, seed, problem.IsValid),
        FlatBo => CreateFlatBo(problem.Space, seed, problem.IsValid),
        FlatBoTuned => CreateNestedBo(problem.Space, seed, problem.IsValid),
        "random" => CreateRandom(problem.Space, seed, problem.IsValid),
        _ => others(name, problem.Space, seed, problem.IsValid),
    };

    /// <summary>Random search over the points that meet the input constraints.</summary>
    public static ISearchStrategy CreateRandom(SearchSpace space, long seed, Func<Candidate, bool> isValid) => new RandomStrategy(space, seed, isValid);
}
