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
        var storage = new Option<string?>("--storage")
        {
            Description = "Keep the trials in PostgreSQL: postgresql://user@host:port/database (or an Npgsql keyword string). Default: the configuration's storage, else SQLite trials.db in the run folder",
        };
        var study = new Option<string?>("--study") { Description = "The study's name in a PostgreSQL store. Default: the configuration's name" };
        var workers = WorkersOption.Create();
        var json = CommonOptions.Json();
        var command = new Command("search", "Co-search network, compression and FPGA accelerator (HotNAS), resumable, with a Pareto report and the chosen design.yaml")
        {
            config, strategy, budget, seed, resume, outFolder, zoo, storage, study, workers, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            if (parse.GetValue(budget) is < 1) throw new UserInputException($"--budget must be at least 1, got {parse.GetValue(budget)}");
            if (HwSwSearchRun.Handles(parse.GetValue(config), parse.GetValue(resume))) return HwSw(o, parse, config, strategy, budget, seed, resume, outFolder, storage, json);
            if (NasaicSearchRun.Handles(parse.GetValue(config), parse.GetValue(resume))) return Nasaic(o, parse, config, strategy, budget, seed, resume, outFolder, storage, json);
            if (parse.GetValue(strategy) is { } s) SearchStrategies.Require(s);
            WorkersOption.Check(parse.GetValue(workers));
            using var session = parse.GetValue(resume) is { } resumeFolder
                ? Resume(parse, resumeFolder, config, seed, strategy, budget, outFolder, zoo, storage, study)
                : SearchSession.Create(parse.GetValue(outFolder) ?? DefaultFolder(parse.GetValue(config)), parse.GetValue(config),
                    parse.GetValue(seed) ?? 1, parse.GetValue(strategy) ?? "rl", parse.GetValue(budget), parse.GetValue(zoo), parse.GetValue(storage), parse.GetValue(study));
            int? count = WorkersOption.RequireStorage(parse.GetValue(workers), session);
            SearchRun.CheckFeasible(session);
            var summary = SearchRun.Execute(o, session, count);

            if (parse.GetValue(json)) o.WriteJson(SearchJson.From(summary, session.Folder));
            else SearchRun.Print(o, summary, session.Folder);
            if (summary.Chosen is not null) return 0;
            o.Error.WriteLine(SearchRun.NothingFeasible(summary, session.Folder));
            return ErrorReporter.BadInput;
        }));
        return command;
    }

    private static int HwSw(CliOutput o, ParseResult parse, Option<string?> config, Option<string?> strategy, Option<int?> budget, Option<long?> seed,
        Option<string?> resume, Option<string?> outFolder, Option<string?> storage, Option<bool> json)
    {
        if (parse.GetValue(storage) is not null) throw new UserInputException("--storage: a hwsw-edp search keeps its trials in SQLite (trials.db in the run folder)");
        string folder = parse.GetValue(resume) ?? parse.GetValue(outFolder) ?? DefaultFolder(parse.GetValue(config));
        var summary = HwSwSearchRun.Execute(o, new HwSwRunRequest(folder, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(strategy), parse.GetValue(budget)),
            resume: parse.GetValue(resume) is not null, quiet: parse.GetValue(json));
        if (parse.GetValue(json)) o.WriteJson(HwSwSearchRun.ToJson(summary, folder));
        else HwSwSearchRun.Print(o, summary, folder);
        if (HwSwSearchRun.NothingFeasible(summary, folder) is not { } error) return 0;
        o.Error.WriteLine(error);
        return ErrorReporter.BadInput;
    }

    private static int Nasaic(CliOutput o, ParseResult parse, Option<string?> config, Option<string?> strategy, Option<int?> budget, Option<long?> seed,
        Option<string?> resume, Option<string?> outFolder, Option<string?> storage, Option<bool> json)
    {
        if (parse.GetValue(storage) is not null) throw new UserInputException("--storage: a nasaic search keeps its trials in SQLite (trials.db in the run folder)");
        string folder = parse.GetValue(resume) ?? parse.GetValue(outFolder) ?? DefaultFolder(parse.GetValue(config));
        var summary = NasaicSearchRun.Execute(o, new HwSwRunRequest(folder, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(strategy), parse.GetValue(budget)),
            resume: parse.GetValue(resume) is not null, quiet: parse.GetValue(json));
        if (parse.GetValue(json)) o.WriteJson(NasaicSearchRun.ToJson(summary, folder));
        else NasaicSearchRun.Print(o, summary, folder);
        if (NasaicSearchRun.NothingFeasible(summary, folder) is not { } error) return 0;
        o.Error.WriteLine(error);
        return ErrorReporter.BadInput;
    }

    private static SearchSession Resume(ParseResult parse, string folder, Option<string?> config, Option<long?> seed, Option<string?> strategy,
        Option<int?> budget, Option<string?> outFolder, Option<string?> zoo, Option<string?> storage, Option<string?> study)
    {
        if (parse.GetValue(outFolder) is { } o && Path.GetFullPath(o) != Path.GetFullPath(folder))
            throw new UserInputException("--out and --resume name different folders; a resumed search writes into its own folder");
        return SearchSession.Resume(folder, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(strategy), parse.GetValue(budget), parse.GetValue(zoo),
            parse.GetValue(storage), parse.GetValue(study));
    }

    private static string DefaultFolder(string? config) =>
        "search-" + (config is null ? "default" : Path.GetFileNameWithoutExtension(config));
}
