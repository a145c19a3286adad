using ZooForge.Cli.Tests.Commands;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Bad input to <c>zooforge run</c> and <c>zooforge init</c>: refused in one line, nothing of the user's touched, no run folder left.</summary>
[TestFixture]
public sealed class RunInputTests : HardeningFixture
{
    [Test]
    public void Run_into_a_folder_that_is_not_a_run_keeps_it()
    {
        string config = Dir.Write("search.yaml", RunCommandTests.TinyRunConfig());
        Dir.Write(Path.Combine("mine", "notes.txt"), "my own notes\n");
        AssertRefused(["run", "--config", config, "--out", PathIn("mine")], "exists and is not a zooforge run folder");
    }

    [Test]
    public void Run_with_a_corrupt_run_manifest_names_it_and_keeps_it()
    {
        Dir.Write(Path.Combine("run", "run.json"), "{ not json");
        AssertRefused(["run", "--out", PathIn("run")], "run.json", "corrupt run manifest");
    }

    [Test]
    public void Run_with_an_infeasible_specification_leaves_no_run_folder()
    {
        string config = Dir.Write("search.yaml", RunCommandTests.TinyRunConfig("latency_ms <= 0.001"));
        AssertRefused(["run", "--config", config, "--out", PathIn("run")], "infeasible specification", "latency_ms <= 0.001", "[10,12,32,32,5");
    }

    [Test]
    public void Run_with_an_unknown_strategy_is_refused() =>
        AssertRefused(["run", "--strategy", "annealing", "--out", PathIn("run")], "--strategy: unknown strategy 'annealing'");

    [Test]
    public void Init_over_an_existing_file_without_force_keeps_it()
    {
        string path = Dir.Write("zooforge.yaml", "my own configuration\n");
        AssertRefused(["init", "--out", path], "already exists", "--force");
    }
}
