using System.Text.Json;
using ZooForge.Flow.Bench;
using ZooForge.TestSupport;

namespace ZooForge.Flow.Tests.Bench;

/// <summary><c>bench-search</c>'s flow: every strategy and seed run on the problem, then bench.json and its plot written.</summary>
public class SearchBenchmarkTests
{
    [Test]
    public void The_edp_problem_runs_every_strategy_and_seed_and_writes_its_json_and_plot()
    {
        using var folder = new TempFolder();
        var lines = new List<string>();
        var result = SearchBenchmark.Run(new SearchBenchRequest { Problems = ["edp"], Strategies = ["random", "evolution"], Seeds = 2, Budget = 3, Folder = folder.Path }, lines.Add);

        var edp = (StrategyBench)result.Problems.Single();
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("bench.json")));
        var entry = json.RootElement.EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(edp.Result.Runs.Select(r => (r.Strategy, r.Seed)), Is.EquivalentTo(new[] { ("random", 1L), ("evolution", 1L), ("random", 2L), ("evolution", 2L) }));
            Assert.That(edp.Result.Optimum, Is.Not.Null, "the exhaustive optimum is the reference");
            Assert.That(entry.GetProperty("problem").GetString(), Is.EqualTo("edp"));
            Assert.That(entry.GetProperty("runs").GetArrayLength(), Is.EqualTo(4));
            Assert.That(result.Written, Is.EqualTo(new[] { folder.Combine("bench.json"), folder.Combine("edp.png") }));
            Assert.That(File.Exists(folder.Combine("edp.png")), Is.True);
            Assert.That(lines, Has.Some.StartsWith("bench-search: edp: exhaustive optimum"));
            Assert.That(lines.Count(l => l.StartsWith("bench-search: edp ")), Is.EqualTo(4), "one line per strategy and seed");
        }
    }
}
