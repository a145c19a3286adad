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

    /// <summary>Random search over the points that meet the input constraints.</summary>
    public static ISearchStrategy CreateRandom(SearchSpace space, long seed, Func<Candidate, bool> isValid) => new RandomStrategy(space, seed, isValid);
}
