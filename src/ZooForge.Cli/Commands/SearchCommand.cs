using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Cli.Rendering;
using ZooForge.Cli.Search;
using ZooForge.Search.Engine;
using ZooForge.Search.Results;
using ZooForge.Search.Store;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge search</c>: HotNAS co-search of zoo model, compression and accelerator under the
/// configuration's constraints, with persistent trials, a Pareto report and the chosen design.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var config = new Option<string?>("--config") { Description = "Search configuration YAML (zooforge-search/1). Default: the built-in MNIST zoo on a ZCU102 at 200 MHz" };
        var strategy = new Option<string?>("--strategy")
        {
            Description = "rl (HotNAS's REINFORCE controller, default), random, evolution (HSCoNAS: tournaments, progressive shrinking, channel scaling) or bo (constrained Bayesian optimisation)",
        };
        var budget = new Option<int?>("--budget") { Description = "Trials to run in total. Default: the configuration's budget" };
        var seed = new Option<long?>("--seed") { Description = "Search seed (controller, sampling and fine-tuning). Default: 1" };
        var resume = new Option<string?>("--resume") { Description = "Continue the search stored in this run folder (settings come from its trial store)" };
        var outFolder = new Option<string?>("--out") { Description = "Run folder for trials.db, pareto.{csv,json,png}, report.md and design.yaml. Default: search-<name>" };
        var zoo = new Option<string?>("--zoo") { Description = "Zoo folder. Default: the shipped zoo" };
        var json = CommonOptions.Json();
        var command = new Command("search", "Co-search network, compression and FPGA accelerator (HotNAS), resumable, with a Pareto report and the chosen design.yaml")
        {
            config, strategy, budget, seed, resume, outFolder, zoo, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            if (parse.GetValue(budget) is < 1) throw new UserInputException($"--budget must be at least 1, got {parse.GetValue(budget)}");
            if (parse.GetValue(strategy) is { } s) SearchStrategies.Require(s);
            using var session = parse.GetValue(resume) is { } resumeFolder
                ? Resume(parse, resumeFolder, config, seed, strategy, budget, outFolder, zoo)
                : SearchSession.Create(parse.GetValue(outFolder) ?? DefaultFolder(parse.GetValue(config)), parse.GetValue(config),
                    parse.GetValue(seed) ?? 1, parse.GetValue(strategy) ?? "rl", parse.GetValue(budget), parse.GetValue(zoo));
            var explorer = session.Explorer();
            SearchEngine.CheckFeasible(session.Config, explorer);
            var engine = new SearchEngine(session.Config, explorer, session.Evaluator(), session.Store, session.Folder, session.Seed);

            var clock = Stopwatch.StartNew();
            var strategyInstance = session.CreateStrategy();
            List<TrialRecord> trials;
            int replayed = session.Store.Trials().Count;
            try
            {
                trials = RunWithProgress(o, engine, strategyInstance, session.Budget);
            }
            finally
            {
                (strategyInstance as IDisposable)?.Dispose();
            }
            var baseline = session.Config.Space.Models.Select(engine.Baseline).ToList();
            var summary = new SearchSummary
            {
                Name = session.Config.Name, Strategy = session.Strategy, Seed = session.Seed,
                Target = $"{session.Config.Device} at {session.Config.ClockMhz:0.###} MHz, {session.Config.PerfModel} latency model, hardware space {session.Config.HardwareSpace}",
                Objective = session.Config.Objective.Text, Constraints = session.Config.Constraints.Select(c => c.Text).ToList(),
                Trials = trials, Pareto = ParetoSet.Of(trials), Chosen = SearchEngine.Best(trials), Baseline = baseline,
                Elapsed = clock.Elapsed, NewTrials = Math.Max(0, trials.Count - replayed),
            };
            SearchOutputs.Write(session.Folder, summary, session.Config.Device);

            if (parse.GetValue(json)) o.WriteJson(SearchJson.From(summary, session.Folder));
            else Print(o, summary, session.Folder);
            if (summary.Chosen is not null) return 0;
            var closest = trials.Where(t => !double.IsNaN(t.LatencyMs)).OrderBy(t => t.LatencyMs).FirstOrDefault();
            o.Error.WriteLine($"zooforge: error: no trial met every constraint; closest design: {(closest is null ? "none fits the device" : $"{closest.Key} at {closest.LatencyMs:0.####} ms ({closest.Note})")}; see {Path.Combine(session.Folder, "report.md")}");
            return ErrorReporter.BadInput;
        }));
        return command;
    }

    private static SearchSession Resume(ParseResult parse, string folder, Option<string?> config, Option<long?> seed, Option<string?> strategy,
        Option<int?> budget, Option<string?> outFolder, Option<string?> zoo)
    {
        if (parse.GetValue(outFolder) is { } o && Path.GetFullPath(o) != Path.GetFullPath(folder))
            throw new UserInputException("--out and --resume name different folders; a resumed search writes into its own folder");
        return SearchSession.Resume(folder, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(strategy), parse.GetValue(budget), parse.GetValue(zoo));
    }

    private static string DefaultFolder(string? config) =>
        "search-" + (config is null ? "default" : Path.GetFileNameWithoutExtension(config));

    private static List<TrialRecord> RunWithProgress(CliOutput o, SearchEngine engine, ZooForge.Search.Strategies.ISearchStrategy strategy, int budget)
    {
        if (!o.Console_.Profile.Capabilities.Interactive)
            return engine.Run(strategy, budget, p => o.Error.WriteLine("search: " + SearchProgressDisplay.Line(p)));
        List<TrialRecord> trials = [];
        o.Console_.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("search", maxValue: budget);
                trials = engine.Run(strategy, budget, p =>
                {
                    task.Value = p.Completed;
                    task.Description = Markup.Escape($"trial {p.Completed}/{p.Budget}: {SearchProgressDisplay.Short(p)}");
                });
            });
        return trials;
    }

    private static void Print(CliOutput o, SearchSummary s, string folder)
    {
        var console = o.Console_;
        var table = new Table().Title(Markup.Escape($"Pareto front of {s.Name} ({s.Pareto.Count} designs)"))
            .AddColumns("trial", "candidate", "accuracy", "latency ms", "DSP", "energy mJ");
        foreach (var p in s.Pareto)
            table.AddPlainRow($"{p.Index}", p.Key, $"{100 * p.Accuracy:0.00}%", $"{p.LatencyMs:0.#####}", $"{p.Metrics["dsp"]:0}", $"{p.Metrics["energy_mj"]:0.#####}");
        console.Write(table);
        o.Writer.WriteLine($"trials: {s.Trials.Count}, feasible {s.Feasible}, pruned by fast exploration {s.Pruned} ({100 * s.PrunedShare:0.0}%), {s.NewTrials} new in {s.Elapsed.TotalMinutes:0.00} min ({s.TrialsPerMinute:0.00} trials/min)");
        if (s.Chosen is { } c)
            o.Writer.WriteLine($"chosen: trial {c.Index} {c.Key}: accuracy {100 * c.Accuracy:0.00}%, {c.LatencyMs:0.#####} ms on {c.Design}");
        if (s.BestBaseline is { } b)
            o.Writer.WriteLine($"sequential baseline: {b.Key}: accuracy {100 * b.Accuracy:0.00}%, {b.LatencyMs:0.#####} ms");
        else
            o.Writer.WriteLine("sequential baseline: no uncompressed zoo model meets the constraints");
        o.Writer.WriteLine($"wrote {folder}/report.md, pareto.csv, pareto.json, pareto.png{(s.Chosen is null ? "" : ", design.yaml")}");
    }
}
