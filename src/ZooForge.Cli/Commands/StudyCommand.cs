using System.CommandLine;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge study status</c>: the trials of a study in a PostgreSQL trial store per worker and
/// state (waiting, running, done, failed), for watching distributed or concurrent searches.
/// </summary>
internal static class StudyCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var storage = new Option<string>("--storage") { Description = "The PostgreSQL store: postgresql://user@host:port/database (or an Npgsql keyword string)", Required = true };
        var study = new Option<string>("--study") { Description = "The study's name", Required = true };
        var json = CommonOptions.Json();
        var status = new Command("status", "Trials of a study per worker: waiting, running, done, failed") { storage, study, json };
        status.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            using var store = PostgresTrialStore.Open(parse.GetValue(storage)!, parse.GetValue(study)!, "--storage", create: false);
            var workers = store.Workers();
            var total = new WorkerCounts("total", workers.Sum(w => w.Waiting), workers.Sum(w => w.Running), workers.Sum(w => w.Done), workers.Sum(w => w.Failed));
            if (parse.GetValue(json))
            {
                o.WriteJson(new { Study = store.Study, Storage = store.Path, Workers = workers, Total = total });
                return 0;
            }
            var table = new Table().Title(Markup.Escape(store.Path)).AddColumns("worker", "waiting", "running", "done", "failed");
            foreach (var w in workers.Append(total))
                table.AddPlainRow(w.Worker.Length == 0 ? "(unclaimed)" : w.Worker, $"{w.Waiting}", $"{w.Running}", $"{w.Done}", $"{w.Failed}");
            foreach (int c in new[] { 1, 2, 3, 4 }) table.Columns[c].RightAligned();
            o.Console_.Write(table);
            return 0;
        }));
        return new Command("study", "Studies in a PostgreSQL trial store") { status };
    }
}
