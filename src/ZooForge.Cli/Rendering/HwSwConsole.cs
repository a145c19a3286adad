using System.Globalization;
using ZooForge.Cli.App;
using ZooForge.Search.HwSw;
using ZooForge.Search.Store;

namespace ZooForge.Cli.Rendering;

/// <summary>How a hwsw-edp search reads on the console.</summary>
internal static class HwSwConsole
{
    /// <summary>The lines a person reads after the search.</summary>
    public static void Print(CliOutput o, HwSwSummary s, string folder)
    {
        o.Writer.WriteLine($"trials: {s.Trials.Count}, feasible {s.Count(TrialStatus.Feasible)}, missed an output constraint {s.Count(TrialStatus.Violates)}, missed an input constraint {s.Count(TrialStatus.Pruned)} (never mapped), failed {s.Count(TrialStatus.Failed)}; {s.NewTrials} new in {s.Elapsed.TotalSeconds:0.0} s");
        if (s.Best is { } b)
            o.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best: trial {b.Index} {s.Problem.Point(s.Problem.Space.Create(b.Choices))}: EDP {b.Objective:0.###} mJ·ms, area {b.Metrics["area_mm2"]:0.###} mm²"));
        string gain = s.ImprovementOverEyeriss is { } g ? string.Create(CultureInfo.InvariantCulture, $"; EDP improvement {100 * g:0.0}%") : "";
        string baseline = s.Eyeriss.Edp is { } e ? e.ToString("0.###", CultureInfo.InvariantCulture) : "none (no mapping fits)";
        o.Writer.WriteLine($"baseline: {EyerissBaseline.AcceleratorName} with its best mappings: EDP {baseline} mJ·ms{gain}");
        o.Writer.WriteLine($"wrote {folder}/report.md, pareto.csv{(s.Best is null ? "" : ", hardware.yaml")}");
    }
}
