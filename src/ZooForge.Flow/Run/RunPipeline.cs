using ZooForge.Flow.Run.Steps;
using ZooForge.Flow.Search;

namespace ZooForge.Flow.Run;

/// <summary>
/// The main job, <c>zooforge run</c>: search, then check the chosen design, then report, in one
/// resumable run folder (FINN-style steps recorded in <c>run.json</c>; a passed step whose inputs
/// are unchanged is not redone). Each step hands its typed result to the next.
/// </summary>
public static class RunPipeline
{
    /// <summary>Runs every step of <paramref name="request"/>; progress goes to <paramref name="observer"/>.</summary>
    /// <exception cref="UserInputException">An option is out of range or contradicts the run folder.</exception>
    public static RunResult Execute(RunRequest request, RunObserver observer)
    {
        // The search step checks the options (SearchRun.Open) before it writes anything.
        var folder = RunFolder.Open(request.Folder);
        var manifest = folder.Exists ? RunManifest.Load(folder.ManifestPath) : new RunManifest();
        var (session, summary) = SearchStep.Run(request, folder, manifest, observer);
        using (session)
        {
            var check = CheckStep.Run(request, folder, manifest, summary, observer);
            ReportStep.Run(folder, manifest, session, summary, check, observer);
            return new RunResult(folder, summary, check);
        }
    }

    /// <summary>Refuses options out of range before anything is opened.</summary>
    /// <exception cref="UserInputException">The budget or worker count is below 1.</exception>
    public static void Validate(RunRequest request) => SearchRun.CheckCounts(request.Budget, request.Workers);
}
