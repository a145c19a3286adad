using System.Diagnostics;
using ZooForge.Flow.Search;
using ZooForge.Search.Results;

namespace ZooForge.Flow.Run.Steps;

/// <summary>Step 1 of a run: the co-search, resumed from its trial store when the folder already holds one.</summary>
internal static class SearchStep
{
    /// <summary>
    /// Opens (or resumes) the search and runs it to its budget. Bad input (configuration, device,
    /// an infeasible specification) is refused before anything is written; a new run that fails
    /// before any trial completed leaves no run folder behind.
    /// </summary>
    public static (SearchSession Session, SearchSummary Summary) Run(RunRequest request, RunFolder folder, RunManifest manifest, RunObserver observer)
    {
        bool fresh = !Directory.Exists(folder.Root);
        var clock = Stopwatch.StartNew();
        SearchSession? session = null;
        try
        {
            (session, var workers) = SearchRun.Open(new SearchRequest
            {
                ConfigPath = request.ConfigPath, Strategy = request.Strategy, Budget = request.Budget, Seed = request.Seed,
                ResumeFolder = SearchSession.Exists(folder.Search) ? folder.Search : null, OutFolder = folder.Search,
                ZooFolder = request.ZooFolder, Storage = request.Storage, Study = request.Study, Workers = request.Workers,
            });
            observer.Step(folder.Exists ? $"continuing the run in {folder.Root}" : $"new run in {folder.Root}");
            Directory.CreateDirectory(folder.Root);
            manifest.Save(folder.ManifestPath);
            observer.Step($"step 1/3: search ({session.Strategy}, seed {session.Seed}, budget {session.Budget})");
            var opened = session;
            var summary = observer.Search(session.Budget, progress => SearchRun.Execute(opened, workers, progress, observer.WorkerLine));
            manifest.Record(new RunStepRecord(RunStepName.Search, summary.Chosen is null ? RunStepStatus.Failed : RunStepStatus.Passed, clock.Elapsed.TotalSeconds, ""));
            manifest.Save(folder.ManifestPath);
            return (session, summary);
        }
        catch
        {
            // Completed trials are kept so the run can be resumed.
            bool empty = session is null || !SearchSession.Exists(folder.Search) || session.Store.Trials().Count == 0;
            session?.Dispose();
            if (fresh && empty && Directory.Exists(folder.Root)) Directory.Delete(folder.Root, recursive: true);
            throw;
        }
    }
}
