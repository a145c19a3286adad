using ZooForge.Flow.Run;
using ZooForge.Flow.Search;
using ZooForge.Search.Results;

namespace ZooForge.Flow.Report;

/// <summary>The files a run leaves, as the report's list of artefacts: what, and where relative to the run folder.</summary>
public static class RunArtefacts
{
    /// <summary>Every artefact present in <paramref name="folder"/> after a search that produced <paramref name="summary"/>.</summary>
    public static List<(string, string)> List(RunFolder folder, SearchSummary summary)
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
