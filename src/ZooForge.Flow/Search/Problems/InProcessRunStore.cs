using System.Globalization;
using ZooForge.Search.Store;

namespace ZooForge.Flow.Search.Problems;

/// <summary>The settings of a search evaluated in process (hwsw-edp, nahas), as its store records them.</summary>
/// <param name="Store">The open store (the caller disposes it).</param>
/// <param name="Config">The parsed configuration.</param>
/// <param name="Seed">Search seed.</param>
/// <param name="Strategy">Strategy name.</param>
/// <param name="Budget">Trials in total.</param>
public sealed record InProcessRun<T>(TrialStore Store, T Config, long Seed, string Strategy, int Budget);

/// <summary>
/// Opens the SQLite store of a hwsw-edp or nahas run folder: a new search records its configuration
/// text, source, seed, strategy, budget and problem (after the configuration parsed and its targets
/// passed the feasibility check, so bad input leaves no folder); a resumed one reads them back and
/// refuses a different configuration, seed or strategy.
/// </summary>
public static class InProcessRunStore
{
    private const string ConfigKey = "config", SourceKey = "config_source", SeedKey = "seed", StrategyKey = "strategy", BudgetKey = "budget", ProblemKey = "problem";

    /// <summary>The problem recorded in the folder's store, or null when it has none.</summary>
    public static string? ProblemIn(string folder)
    {
        if (!File.Exists(Path.Combine(folder, TrialStore.FileName))) return null;
        using var store = TrialStore.Open(Path.Combine(folder, TrialStore.FileName));
        return store.GetMeta(ProblemKey);
    }

    /// <summary>Opens or creates the run's store.</summary>
    /// <param name="request">What the command line asked.</param>
    /// <param name="resume">Whether the folder's search is continued.</param>
    /// <param name="problem">The problem's name.</param>
    /// <param name="defaultStrategy">Strategy of a new run without <c>--strategy</c>.</param>
    /// <param name="parse">Parses configuration text from a source.</param>
    /// <param name="budgetOf">The configuration's own budget.</param>
    /// <param name="check">Refuses infeasible targets of a new run before its folder exists.</param>
    public static InProcessRun<T> Open<T>(ProblemSearchRequest request, bool resume, string problem, string defaultStrategy, Func<string, string, T> parse,
        Func<T, int> budgetOf, Action<T> check)
    {
        string database = Path.Combine(request.Folder, TrialStore.FileName);
        bool exists = File.Exists(database);
        if (exists && !resume)
            throw new UserInputException($"--out '{request.Folder}' already holds a search; pass --resume {request.Folder} to continue it, or choose another --out");
        if (!exists && resume) throw new UserInputException($"--resume '{request.Folder}': no search there ({TrialStore.FileName} is missing)");
        if (exists)
        {
            var store = TrialStore.Open(database);
            try
            {
                string text = store.GetMeta(ConfigKey)!;
                if (request.ConfigPath is { } path && File.ReadAllText(path) != text)
                    throw new UserInputException($"--config '{path}' differs from the configuration the search in '{request.Folder}' started with");
                long seed = long.Parse(store.GetMeta(SeedKey)!, CultureInfo.InvariantCulture);
                string strategy = store.GetMeta(StrategyKey)!;
                if (request.Seed is { } rs && rs != seed) throw new UserInputException($"--seed {rs} differs from the search's seed {seed}");
                if (request.Strategy is { } st && st != strategy) throw new UserInputException($"--strategy {st} differs from the search's strategy {strategy}");
                var config = parse(text, store.GetMeta(SourceKey) ?? request.Folder);
                int budget = request.Budget ?? int.Parse(store.GetMeta(BudgetKey)!, CultureInfo.InvariantCulture);
                store.SetMeta(BudgetKey, budget.ToString(CultureInfo.InvariantCulture));
                return new InProcessRun<T>(store, config, seed, strategy, budget);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        string configPath = request.ConfigPath ?? throw new UserInputException($"--config: a {problem} search needs its configuration file");
        string configText = File.ReadAllText(configPath);
        var parsed = parse(configText, configPath);
        var run = (Seed: request.Seed ?? 1, Strategy: request.Strategy ?? defaultStrategy, Budget: request.Budget ?? budgetOf(parsed));
        // Refused before the run folder exists: an infeasible specification leaves nothing on disk.
        check(parsed);
        Directory.CreateDirectory(request.Folder);
        var created = TrialStore.Open(database);
        foreach (var (key, value) in new[] { (ConfigKey, configText), (SourceKey, configPath), (SeedKey, run.Seed.ToString(CultureInfo.InvariantCulture)), (StrategyKey, run.Strategy),
                     (BudgetKey, run.Budget.ToString(CultureInfo.InvariantCulture)), (ProblemKey, problem) })
            created.SetMeta(key, value);
        return new InProcessRun<T>(created, parsed, run.Seed, run.Strategy, run.Budget);
    }
}
