using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ZooForge.Cli.App;
using ZooForge.Cli.Checks;
using ZooForge.Cli.Rendering;
using ZooForge.Cli.Reports;
using ZooForge.Cli.Run;
using ZooForge.Cli.Search;
using ZooForge.Graph.Serialization;
using ZooForge.Hardware.Designs;
using ZooForge.Rtl.Check;
using ZooForge.Search.Results;

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
            if (parse.GetValue(budget) is < 1) throw new UserInputException($"--budget must be at least 1, got {parse.GetValue(budget)}");
            WorkersOption.Check(parse.GetValue(workers));
            var folder = RunFolder.Open(parse.GetValue(outFolder)!);
            if (HwSwSearchRun.Handles(parse.GetValue(config), folder.Search))
            {
                if (parse.GetValue(storage) is not null || parse.GetValue(workers) is not null)
                    throw new UserInputException("--storage/--workers: a hwsw-edp run keeps its trials in SQLite (trials.db in the run folder)");
                return HwSw(o, folder, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(strategy), parse.GetValue(budget), parse.GetValue(json));
            }
            if (NasaicSearchRun.Handles(parse.GetValue(config), folder.Search))
            {
                if (parse.GetValue(storage) is not null || parse.GetValue(workers) is not null)
                    throw new UserInputException("--storage/--workers: a nasaic run keeps its trials in SQLite (trials.db in the run folder)");
                return Nasaic(o, folder, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(strategy), parse.GetValue(budget), parse.GetValue(json));
            }
            if (parse.GetValue(strategy) is { } s) SearchStrategies.Require(s);
            var manifest = folder.Exists ? RunManifest.Load(folder.ManifestPath) : new RunManifest();
            bool asJson = parse.GetValue(json);
            void Say(string line) { if (!asJson) o.Error.WriteLine("run: " + line); }

            // 1. Search (resumes from the trial store when the folder already holds one). Bad
            // input (configuration, device, infeasible specification) is refused before anything
            // is printed or written.
            bool fresh = !Directory.Exists(folder.Root);
            var clock = Stopwatch.StartNew();
            SearchSession? opened = null;
            SearchSummary summary;
            try
            {
                opened = SearchSession.Exists(folder.Search)
                    ? SearchSession.Resume(folder.Search, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(strategy), parse.GetValue(budget), parse.GetValue(zoo),
                        parse.GetValue(storage), parse.GetValue(study))
                    : SearchSession.Create(folder.Search, parse.GetValue(config), parse.GetValue(seed) ?? 1, parse.GetValue(strategy) ?? "rl", parse.GetValue(budget), parse.GetValue(zoo),
                        parse.GetValue(storage), parse.GetValue(study));
                int? count = WorkersOption.RequireStorage(parse.GetValue(workers), opened);
                SearchRun.CheckFeasible(opened);
                Say(folder.Exists ? $"continuing the run in {folder.Root}" : $"new run in {folder.Root}");
                Directory.CreateDirectory(folder.Root);
                manifest.Save(folder.ManifestPath);
                Say($"step 1/3: search ({opened.Strategy}, seed {opened.Seed}, budget {opened.Budget})");
                summary = SearchRun.Execute(o, opened, count);
            }
            catch
            {
                // A new run that fails before any trial completed leaves no run folder behind;
                // completed trials are kept so the run can be resumed.
                bool empty = opened is null || !SearchSession.Exists(folder.Search) || opened.Store.Trials().Count == 0;
                opened?.Dispose();
                if (fresh && empty && Directory.Exists(folder.Root)) Directory.Delete(folder.Root, recursive: true);
                throw;
            }
            using var session = opened;
            manifest.Record(new RunStepRecord("search", summary.Chosen is null ? "failed" : "passed", clock.Elapsed.TotalSeconds, ""));
            manifest.Save(folder.ManifestPath);

            // 2. Check of the chosen design.
            CheckReport? check = null;
            if (summary.Chosen is not null)
            {
                string fingerprint = RunFolder.Fingerprint(folder.Design, DesignFile.Load(folder.Design).NetworkPath);
                if (manifest.Passed("check", fingerprint) is { } done && CheckResultsFile.TryLoad(folder.CheckResults) is { Passed: true } earlier)
                {
                    check = earlier;
                    Say($"step 2/3: check of {SearchOutputs.DesignName(summary, summary.Chosen)} passed before on the same design ({done.Seconds:0} s); not redone (delete {RunManifest.FileName} or the check folder to force it)");
                }
                else
                {
                    Say($"step 2/3: check of {SearchOutputs.DesignName(summary, summary.Chosen)}");
                    clock.Restart();
                    check = DesignCheck.Run(new DesignCheckOptions
                    {
                        DesignPath = folder.Design, OutFolder = folder.Check, CsimImages = parse.GetValue(images),
                        Synthesis = !parse.GetValue(noSynth), JUnitPath = folder.JUnit,
                    }, asJson ? null : r => o.Error.WriteLine(DesignCheck.ProgressLine(r)));
                    CheckResultsFile.Save(folder.CheckResults, check);
                    manifest.Record(new RunStepRecord("check", check.Passed ? "passed" : "failed", clock.Elapsed.TotalSeconds, fingerprint));
                    manifest.Save(folder.ManifestPath);
                }
            }

            // 3. Report.
            Say("step 3/3: report");
            var artefacts = Artefacts(folder, summary);
            var report = RunReportBuilder.Build(session, summary, check, artefacts);
            RunReportWriter.Write(folder, report);
            bool passed = summary.Chosen is not null && (check?.Passed ?? true);

            if (asJson)
                o.WriteJson(new
                {
                    Folder = folder.Root, Passed = passed,
                    Search = SearchJson.From(summary, folder.Search),
                    Check = check is null ? null : DesignCheck.ToJson(check),
                    Report = new { Markdown = folder.MarkdownReport, Html = folder.HtmlReport },
                });
            else
            {
                SearchRun.Print(o, summary, folder.Search);
                if (check is not null) o.Console_.Write(DesignCheck.Summary(check));
                o.Writer.WriteLine($"report: {folder.MarkdownReport} and {folder.HtmlReport}");
            }
            if (summary.Chosen is null)
            {
                o.Error.WriteLine(SearchRun.NothingFeasible(summary, folder.Search));
                return ErrorReporter.BadInput;
            }
            if (check is { Passed: false })
            {
                o.Error.WriteLine($"zooforge: error: the check of {check.Design} failed: {string.Join(", ", check.Steps.Where(st => st.Status != CheckStatus.Passed).Select(st => st.Name))}; see {folder.JUnit}");
                return ErrorReporter.BadInput;
            }
            if (!asJson) o.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {folder.Root}: passed"));
            return 0;
        }));
        return command;
    }

    // A hwsw-edp run is its search and report: the check step emits and simulates FPGA designs, which an ASIC description is not.
    private static int HwSw(CliOutput o, RunFolder folder, string? config, long? seed, string? strategy, int? budget, bool json)
    {
        bool resume = File.Exists(Path.Combine(folder.Search, ZooForge.Search.Store.TrialStore.FileName));
        var summary = HwSwSearchRun.Execute(o, new HwSwRunRequest(folder.Search, config, seed, strategy, budget), resume, quiet: json);
        if (json) o.WriteJson(new { Folder = folder.Root, Passed = summary.Best is not null, Search = HwSwSearchRun.ToJson(summary, folder.Search) });
        else
        {
            HwSwSearchRun.Print(o, summary, folder.Search);
            o.Writer.WriteLine("check: not applicable to hwsw-edp (an ASIC description, search/hardware.yaml; the check covers FPGA designs)");
        }
        if (HwSwSearchRun.NothingFeasible(summary, folder.Search) is not { } error) return 0;
        o.Error.WriteLine(error);
        return ErrorReporter.BadInput;
    }

    // A nasaic run is its search, baseline and report: the check step covers FPGA designs, not an ASIC design.
    private static int Nasaic(CliOutput o, RunFolder folder, string? config, long? seed, string? strategy, int? budget, bool json)
    {
        bool resume = File.Exists(Path.Combine(folder.Search, ZooForge.Search.Store.TrialStore.FileName));
        var summary = NasaicSearchRun.Execute(o, new HwSwRunRequest(folder.Search, config, seed, strategy, budget), resume, quiet: json);
        if (json) o.WriteJson(new { Folder = folder.Root, Passed = summary.Best is not null, Search = NasaicSearchRun.ToJson(summary, folder.Search) });
        else
        {
            NasaicSearchRun.Print(o, summary, folder.Search);
            o.Writer.WriteLine("check: not applicable to nasaic (an ASIC design, search/design.json; the check covers FPGA designs)");
        }
        if (NasaicSearchRun.NothingFeasible(summary, folder.Search) is not { } error) return 0;
        o.Error.WriteLine(error);
        return ErrorReporter.BadInput;
    }

    private static List<(string, string)> Artefacts(RunFolder folder, SearchSummary summary)
    {
        var list = new List<(string, string)>
        {
            File.Exists(Path.Combine(folder.Search, StudyLocationFile.FileName))
                ? ("trial store (PostgreSQL study and server)", $"search/{StudyLocationFile.FileName}")
                : ("trial database (SQLite)", "search/trials.db"),
            ("Pareto front", "search/pareto.csv, search/pareto.json, search/pareto.png"),
            ("search report", "search/report.md"),
        };
        if (summary.Chosen is { } chosen)
        {
            list.Add(("chosen design", "search/design.yaml"));
            list.Add(("its compressed network", $"search/{SearchOutputs.DesignName(summary, chosen)}.zfq.safetensors"));
        }
        foreach (var (what, relative) in new[] { ("Vitis HLS project (run_hls.tcl, Makefile for csim)", "check/hls"), ("RTL and Verilator testbench", "check/rtl"), ("Yosys logs", "check/synth") })
            if (Directory.Exists(Path.Combine(folder.Root, relative))) list.Add((what, relative + "/"));
        if (File.Exists(folder.JUnit)) list.Add(("check results (JUnit XML)", folder.Relative(folder.JUnit)));
        return list;
    }
}
