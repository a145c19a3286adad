using System.Diagnostics;
using ZooForge.Flow.Check;
using ZooForge.Flow.Report;
using ZooForge.Flow.Search;
using ZooForge.Search.Results;

namespace ZooForge.Flow.Run.Steps;

/// <summary>Step 3 of a run: the Markdown and HTML report, always rewritten (it is cheap and reads every earlier step).</summary>
internal static class ReportStep
{
    /// <summary>Writes the report of the run into its folder.</summary>
    public static void Run(RunFolder folder, RunManifest manifest, SearchSession session, SearchSummary summary, CheckReport? check, RunObserver observer)
    {
        observer.Step("step 3/3: report");
        var clock = Stopwatch.StartNew();
        RunReportWriter.Write(folder, RunReportBuilder.Build(session, summary, check, RunArtefacts.List(folder, summary)));
        manifest.Record(new RunStepRecord(RunStepName.Report, RunStepStatus.Passed, clock.Elapsed.TotalSeconds, ""));
        manifest.Save(folder.ManifestPath);
    }
}
