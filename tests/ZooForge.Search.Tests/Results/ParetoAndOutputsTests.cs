using ZooForge.TestSupport;
using System.Text.Json;
using ZooForge.Hardware.Designs;
using ZooForge.Search.Engine;
using ZooForge.Search.Results;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Tests.Results;

public class ParetoAndOutputsTests
{
    private static TrialRecord Trial(int index, double accuracy, double latency, double dsp = 100, double energy = 1, TrialStatus status = TrialStatus.Feasible) => new()
    {
        Index = index, Key = $"k{index}", Choices = [], Status = status, Reward = 0, Seed = 0,
        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy, ["latency_ms"] = latency, ["dsp"] = dsp, ["energy_mj"] = energy },
    };

    [Test]
    public void The_front_keeps_exactly_the_non_dominated_feasible_trials()
    {
        var trials = new[]
        {
            Trial(0, 0.99, 2.0), Trial(1, 0.97, 1.0), Trial(2, 0.96, 1.5), // 2 is dominated by 1
            Trial(3, 0.98, 1.0, dsp: 50), Trial(4, 0.999, 0.5, status: TrialStatus.Violates), Trial(5, 0.95, 0.9, energy: 0.5),
        };
        Assert.That(ParetoSet.Of(trials).Select(t => t.Index), Is.EqualTo(new[] { 5, 3, 0 }));
    }

    [Test]
    public void Outputs_are_written_and_the_design_file_loads_with_its_network()
    {
        var config = TestSearch.Parse(TestSearch.Yaml());
        using var folder = new TempFolder();
        List<TrialRecord> trials;
        using (var store = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName)))
        {
            var engine = new SearchEngine(config, TestSearch.Explorer(config), new FakeEvaluator(), store, folder.Path, 3);
            trials = engine.Run(new RandomStrategy(config.Space, 3), 10);
        }
        var chosen = SearchEngine.Best(trials)!;
        var summary = new SearchSummary
        {
            Name = "t", Strategy = "random", Seed = 3, Target = "zcu102", Objective = "accuracy", Constraints = ["latency_ms <= 1"],
            Trials = trials, Pareto = ParetoSet.Of(trials), Chosen = chosen,
        };
        SearchOutputs.Write(folder.Path, summary, "zcu102");

        var design = DesignFile.Load(Path.Combine(folder.Path, "design.yaml"));
        var csv = File.ReadAllLines(Path.Combine(folder.Path, "pareto.csv"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "pareto.json")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(design.Accelerator, Is.EqualTo(chosen.Design));
            Assert.That(design.Name, Is.EqualTo($"t_t{chosen.Index}"));
            Assert.That(File.ReadAllBytes(design.NetworkPath), Is.EqualTo(File.ReadAllBytes(Path.Combine(folder.Path, chosen.NetworkFile!))));
            Assert.That(design.Provenance["candidate"], Is.EqualTo(chosen.Key));
            Assert.That(csv, Has.Length.EqualTo(summary.Pareto.Count + 1));
            Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(summary.Pareto.Count));
            Assert.That(File.ReadAllText(Path.Combine(folder.Path, "report.md")), Does.Contain("## Pareto front"));
        }
    }

    [Test]
    public void Store_round_trips_every_field()
    {
        var config = TestSearch.Parse(TestSearch.Yaml());
        using var folder = new TempFolder();
        using var store = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        var engine = new SearchEngine(config, TestSearch.Explorer(config), new FakeEvaluator(), store, folder.Path, 3);
        var trials = engine.Run(new RandomStrategy(config.Space, 3), 6);
        var stored = store.Trials();
        Assert.That(stored, Has.Count.EqualTo(6));
        for (int i = 0; i < 6; i++)
        {
            Assert.That(stored[i] with { Metrics = trials[i].Metrics, Choices = trials[i].Choices }, Is.EqualTo(trials[i]));
            Assert.That(stored[i].Metrics, Is.EquivalentTo(trials[i].Metrics));
            Assert.That(stored[i].Choices, Is.EqualTo(trials[i].Choices));
        }
    }
}
