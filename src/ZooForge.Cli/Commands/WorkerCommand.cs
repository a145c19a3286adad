using System.CommandLine;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Flow.Search;
using ZooForge.Search.Engine.Distributed;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge worker</c>: one worker of a distributed search kept in a PostgreSQL study. It
/// proposes, claims and evaluates trials until the study's budget is spent and no trial is left
/// running; start as many as you like, on any host, at any time (the database coordinates them).
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var storage = new Option<string>("--storage") { Description = "The PostgreSQL store: postgresql://user@host:port/database (password from PGPASSWORD or ~/.pgpass)", Required = true };
        var study = new Option<string>("--study") { Description = "The study to work on (started by zooforge search --storage)", Required = true };
        var threads = new Option<int?>("--threads") { Description = "CPU threads of this worker's fine-tuning. Default: 2" };
        var outFolder = new Option<string?>("--out") { Description = "Folder for the networks this worker trains. Default: worker-<study>" };
        var zoo = new Option<string?>("--zoo") { Description = "Zoo folder. Default: the shipped zoo" };
        var command = new Command("worker", "Evaluate the trials of a PostgreSQL study until its budget is spent (one of many workers, on any host)")
        {
            storage, study, threads, outFolder, zoo,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            if (parse.GetValue(threads) is < 1) throw new UserInputException($"--threads must be at least 1, got {parse.GetValue(threads)}");
            string name = parse.GetValue(study)!;
            using var store = PostgresTrialStore.Open(parse.GetValue(storage)!, name, "--storage", create: false);
            string folder = parse.GetValue(outFolder) ?? $"worker-{name}";
            var worker = StudyWorkers.Run(store, folder, parse.GetValue(zoo), parse.GetValue(threads),
                t => o.Error.WriteLine($"worker {store.Worker}: trial {t.Index} {t.Key}: {t.Status}{(t.Note is null ? "" : $" ({t.Note})")}"));
            var outcomes = StudyReplay.Outcomes(store.StudyTrials());
            o.Writer.WriteLine($"worker {store.Worker}: evaluated {worker.Evaluated} trials ({worker.Proposed} proposed, {worker.Lost} lost to stale failure); " +
                $"{store.Path}: {outcomes.Count} trials done");
            return 0;
        }));
        return command;
    }
}
