using ZooForge.Flow.Report.Plots;
using ZooForge.Search.Results;
using ZooForge.Search.Store;
using ZooForge.TestSupport;

namespace ZooForge.Flow.Tests.Report.Plots;

/// <summary>The search's accuracy–latency plot is a real PNG, written whole, and the same for the same trials.</summary>
public class ParetoPlotTests
{
    private static TrialRecord Trial(int index, double accuracy, double latency, TrialStatus status = TrialStatus.Feasible) => new()
    {
        Index = index, Key = $"k{index}", Choices = [], Status = status, Reward = 0, Seed = 0,
        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy, ["latency_ms"] = latency, ["dsp"] = 100, ["energy_mj"] = 1 },
    };

    [Test]
    public void The_plot_is_a_png_of_every_trained_trial_and_is_deterministic()
    {
        TrialRecord[] trials = [Trial(0, 0.99, 2.0), Trial(1, 0.97, 1.0), Trial(2, 0.9, 0.5, TrialStatus.Violates)];
        var summary = new SearchSummary
        {
            Name = "t", Strategy = "random", Seed = 3, Target = "zcu102", Objective = "accuracy", Constraints = ["latency_ms <= 1"],
            Trials = trials, Pareto = ParetoSet.Of(trials), Chosen = trials[1],
        };
        using var folder = new TempFolder();
        string a = folder.Combine("a", ParetoPlot.FileName), b = folder.Combine("b.png");
        Directory.CreateDirectory(Path.GetDirectoryName(a)!);
        ParetoPlot.Save(a, summary);
        ParetoPlot.Save(b, summary);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new FileInfo(a).Length, Is.GreaterThan(1000));
            Assert.That(File.ReadAllBytes(a)[1..4], Is.EqualTo("PNG"u8.ToArray()));
            Assert.That(File.ReadAllBytes(b), Is.EqualTo(File.ReadAllBytes(a)));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(a)!), Is.EqualTo(new[] { a }), "no temporary file is left beside it");
        }
    }
}
