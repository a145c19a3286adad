using System.CommandLine;
using ZooForge.Cli.App;
using ZooForge.Cli.Rendering;
using ZooForge.Flow;
using ZooForge.Flow.Check;
using ZooForge.Flow.Run;
using ZooForge.Flow.Search.Problems;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge run</c>: the main job — co-search on the configuration (the built-in default
/// unless told otherwise), then the check of the chosen design (HLS emit and csim, RTL lint,
/// simulation and synthesis), then the report, all in one run folder. Rerunning on the same
/// folder resumes: the search continues from its trial store and a passed check of an unchanged
/// design is not redone.
/// </summary>
internal static class RunCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var config = new Option<string?>("--config") { Description = "Search configuration YAML (zooforge-search/1; `zooforge init` writes a commented one). Default: the built-in MNIST zoo on a ZCU102 at 200 MHz" };
        var outFolder = new Option<string>("--out") { Description = "Run folder. Default: zooforge-run", DefaultValueFactory = _ => "zooforge-run" };
        var budget = new Option<int?>("--budget") { Description = "Search trials in total. Default: the configuration's budget" };
        var seed = new Option<long?>("--seed") { Description = "Search seed. Default: 1" };
        var strategy = new Option<string?>("--strategy") { Description = "Search strategy: rl (default), random, evolution or bo" };
        var images = new Option<int>("--images") { Description = $"Held-out digits the HLS csim checks bit-exact. Default: {DesignCheck.DefaultCsimImages}", DefaultValueFactory = _ => DesignCheck.DefaultCsimImages };
        var noSynth = new Option<bool>("--no-synth") { Description = "Leave out the Yosys synthesis steps of the check" };
        var zoo = new Option<string?>("--zoo") { Description = "Zoo folder. Default: the shipped zoo" };
        var storage = new Option<string?>("--storage")
        {
            Description = "Keep the trials in PostgreSQL: postgresql://user@host:port/database (or an Npgsql keyword string). Default: the configuration's storage, else SQLite",
        };
        var study = new Option<string?>("--study") { Description = "The study's name in a PostgreSQL store. Default: the configuration's name" };
        var workers = WorkersOption.Create();
        var json = CommonOptions.Json();
        var command = new Command("run", "The main job: co-search, then check the chosen design (HLS csim, RTL simulation, synthesis), then report — in one resumable run folder")
        {
            config, outFolder, budget, seed, strategy, images, noSynth, zoo, storage, study, workers, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            bool asJson = parse.GetValue(json);
            var request = new RunRequest
            {
                Folder = parse.GetValue(outFolder)!, ConfigPath = parse.GetValue(config), Budget = parse.GetValue(budget), Seed = parse.GetValue(seed),
                Strategy = parse.GetValue(strategy), ZooFolder = parse.GetValue(zoo), Storage = parse.GetValue(storage), Study = parse.GetValue(study),
                Workers = parse.GetValue(workers), CsimImages = parse.GetValue(images), Synthesis = !parse.GetValue(noSynth),
            };
            if (ProblemSearches.For(request.ConfigPath, Path.Combine(request.Folder, "search")) is { } problem)
            {
                ProblemSearches.RequireSqlite(problem, request.Storage, request.Workers);
                RunPipeline.Validate(request);
                var folder = RunFolder.Open(request.Folder);
                return ProblemConsole.Run(o, problem, new ProblemSearchRequest(folder.Search, request.ConfigPath, request.Seed, request.Strategy, request.Budget, request.ZooFolder),
                    resume: File.Exists(folder.TrialStore), asJson, folder.Root);
            }
            var display = RunObserver.Silent with { Search = (budget, run) => SearchConsole.WithProgress(o, budget, quiet: false, run), WorkerLine = SearchConsole.WorkerLines(o) };
            var result = RunPipeline.Execute(request, asJson ? display : display with
            {
                Step = line => o.Error.WriteLine("run: " + line),
                CheckStep = r => o.Error.WriteLine(DesignCheck.ProgressLine(r)),
            });
            RunConsole.Print(o, result, asJson);
            return result.Passed ? 0 : ErrorReporter.BadInput;
        }));
        return command;
    }
}
