using ZooForge.Search.Benchmarks;
using ZooForge.Search.HwSw;
using ZooForge.Search.Nahas;

namespace ZooForge.Flow.Bench;

/// <summary>What one problem of <c>bench-search</c> produced; the CLI renders each kind its own way.</summary>
public abstract record ProblemBench;

/// <summary>A problem every strategy ran on at equal budgets (edp, cosearch).</summary>
/// <param name="Result">Per strategy and seed, the best objective and hypervolume after each trial.</param>
public sealed record StrategyBench(ProblemResult Result) : ProblemBench;

/// <summary>hwsw-edp: nested BO against random, flat BO and the Eyeriss configuration.</summary>
/// <param name="HwSw">The comparison.</param>
public sealed record HwSwBench(HwSwBenchResult HwSw) : ProblemBench;

/// <summary>nahas: the co-search against the fixed-hardware baseline per strategy and seed.</summary>
/// <param name="Nahas">The comparison.</param>
public sealed record NahasBench(NahasBenchResult Nahas) : ProblemBench;

/// <summary>nasaic: the co-search beside the sequential baseline; its runs are in their own folders.</summary>
/// <param name="Table">The comparison table (Markdown).</param>
/// <param name="Folder">Where the run folders and <c>nasaic.md</c> are.</param>
public sealed record NasaicBench(string Table, string Folder) : ProblemBench;

/// <summary>scaling: trials per minute of worker processes on one PostgreSQL study, and store overhead.</summary>
/// <param name="Runs">One run per worker count and evaluation time.</param>
/// <param name="Overhead">Time to add one trial to SQLite and to PostgreSQL.</param>
/// <param name="Storage">The database measured, or null for a throw-away cluster.</param>
/// <param name="Plot">The figure's PNG.</param>
public sealed record ScalingBench(IReadOnlyList<ScalingRun> Runs, StoreOverhead Overhead, string? Storage, string Plot) : ProblemBench;

/// <summary>Everything a <c>bench-search</c> run produced.</summary>
/// <param name="Problems">One entry per problem, in the order run.</param>
/// <param name="Written">The files written (bench.json, plots, scaling.json).</param>
public sealed record SearchBenchResult(IReadOnlyList<ProblemBench> Problems, IReadOnlyList<string> Written);
