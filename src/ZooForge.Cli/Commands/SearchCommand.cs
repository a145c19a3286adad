using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Flow.Search;
using ZooForge.Flow.Search.Problems;
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
            var request = new SearchRequest
            {
                ConfigPath = parse.GetValue(config), Strategy = parse.GetValue(strategy), Budget = parse.GetValue(budget), Seed = parse.GetValue(seed),
                ResumeFolder = parse.GetValue(resume), OutFolder = parse.GetValue(outFolder), ZooFolder = parse.GetValue(zoo),
                Storage = parse.GetValue(storage), Study = parse.GetValue(study), Workers = parse.GetValue(workers),
            };
            SearchRun.CheckCounts(request.Budget, request.Workers);
            if (ProblemSearches.For(request.ConfigPath, request.ResumeFolder) is { } problem)
            {
                ProblemSearches.RequireSqlite(problem, request.Storage, request.Workers);
                return ProblemConsole.Run(o, problem, new ProblemSearchRequest(request.Folder, request.ConfigPath, request.Seed, request.Strategy, request.Budget, request.ZooFolder),
                    resume: request.ResumeFolder is not null, parse.GetValue(json));
            }
            var (session, count) = SearchRun.Open(request);
            using (session)
            {
                var summary = SearchConsole.WithProgress(o, session.Budget, quiet: false, progress => SearchRun.Execute(session, count, progress, SearchConsole.WorkerLines(o)));
                if (parse.GetValue(json)) o.WriteJson(SearchJson.From(summary, session.Folder));
                else SearchConsole.Print(o, summary, session.Folder);
                if (summary.Chosen is not null) return 0;
                o.Error.WriteLine(SearchRun.NothingFeasible(summary, session.Folder));
                return ErrorReporter.BadInput;
            }
        }));
        return command;
    }
}
