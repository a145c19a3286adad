using ZooForge.Cli.Tests.Search;

namespace ZooForge.Cli.Tests.Commands;

/// <summary><c>zooforge search --strategy evolution|bo</c> end to end on the tiny lenet5 search (trains, so it needs MNIST).</summary>
[Category("Data")]
public class SearchStrategyCommandTests : ScratchFolderFixture
{
    [TestCase("evolution")]
    [TestCase("bo")]
    public void The_strategy_runs_a_search_and_a_resume_with_a_fixed_seed_reproduces_it(string strategy)
    {
        string config = SearchConfigs.Write(ScratchFolder, SearchConfigs.Tiny(budget: 4));
        string run = Path.Combine(ScratchFolder, "run");
        var first = CliRunner.RunJson("search", "--config", config, "--strategy", strategy, "--seed", "2", "--budget", "3", "--out", run, "--json");
        var resumed = CliRunner.RunJson("search", "--resume", run, "--budget", "4", "--json");
        var again = CliRunner.RunJson("search", "--config", config, "--strategy", strategy, "--seed", "2", "--budget", "4", "--out", Path.Combine(ScratchFolder, "again"), "--json");
        Assert.That(first.GetProperty("strategy").GetString(), Is.EqualTo(strategy));
        Assert.That(resumed.GetProperty("trials").GetInt32(), Is.EqualTo(4));
        Assert.That(resumed.GetProperty("pareto").ToString(), Is.EqualTo(again.GetProperty("pareto").ToString()));
        if (strategy == "bo") Assert.That(again.GetProperty("pruned").GetInt32(), Is.Zero, "BO samples only candidates fast exploration accepts");
    }
}
