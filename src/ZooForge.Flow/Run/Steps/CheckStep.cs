using System.Diagnostics;
using ZooForge.Flow.Check;
using ZooForge.Hardware.Designs;
using ZooForge.Search.Results;

namespace ZooForge.Flow.Run.Steps;

/// <summary>Step 2 of a run: the check of the chosen design, skipped when it passed before on the same design and network.</summary>
internal static class CheckStep
{
    /// <summary>Checks the chosen design; null when the search chose none.</summary>
    public static CheckReport? Run(RunRequest request, RunFolder folder, RunManifest manifest, SearchSummary summary, RunObserver observer)
    {
        if (summary.Chosen is not { } chosen) return null;
        string name = SearchOutputs.DesignName(summary, chosen);
        var design = DesignFile.Load(folder.Design);
        string fingerprint = RunFolder.Fingerprint(folder.Design, design.NetworkPath);
        if (manifest.Passed(RunStepName.Check, fingerprint) is { } done && CheckResultsFile.TryLoad(folder.CheckResults) is { Passed: true } earlier)
        {
            observer.Step($"step 2/3: check of {name} passed before on the same design ({done.Seconds:0} s); not redone (delete {RunManifest.FileName} or the check folder to force it)");
            return earlier;
        }
        observer.Step($"step 2/3: check of {name}");
        var clock = Stopwatch.StartNew();
        var check = DesignCheck.Run(design, new DesignCheckOptions
        {
            DesignPath = folder.Design, OutFolder = folder.Check, CsimImages = request.CsimImages, Synthesis = request.Synthesis, JUnitPath = folder.JUnit,
        }, observer.CheckStep);
        CheckResultsFile.Save(folder.CheckResults, check);
        manifest.Record(new RunStepRecord(RunStepName.Check, check.Passed ? RunStepStatus.Passed : RunStepStatus.Failed, clock.Elapsed.TotalSeconds, fingerprint));
        manifest.Save(folder.ManifestPath);
        return check;
    }
}
