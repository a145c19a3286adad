using ZooForge.Flow.Search.Problems;
using ZooForge.Search.Config;
using ZooForge.Search.HwSw;
using ZooForge.Search.Nahas;
using ZooForge.Search.Nasaic;
using ZooForge.Search.Store;
using ZooForge.TestSupport;

namespace ZooForge.Flow.Tests.Search.Problems;

/// <summary>The one dispatch of <c>search</c> and <c>run</c>: which problem a configuration or a resumed run folder is, and the store every in-process problem opens.</summary>
public class ProblemSearchesTests
{
    [Test]
    public void Each_built_in_configuration_goes_to_its_problem_and_the_fpga_default_to_none()
    {
        using var folder = new TempFolder();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ProblemSearches.For(folder.Write("hwsw.yaml", HwSwConfigFile.DefaultText), null)?.Name, Is.EqualTo(NestedHwSwProblem.ProblemName));
            Assert.That(ProblemSearches.For(folder.Write("nahas.yaml", NahasConfigFile.DefaultText), null)?.Name, Is.EqualTo(NahasProblem.ProblemName));
            Assert.That(ProblemSearches.For(folder.Write("nasaic.yaml", NasaicConfigFile.DefaultText), null)?.Name, Is.EqualTo(NasaicConfigFile.ProblemName));
            Assert.That(ProblemSearches.For(folder.Write("cosearch.yaml", SearchConfigFile.DefaultText), null), Is.Null);
            Assert.That(ProblemSearches.For(folder.Combine("missing.yaml"), null), Is.Null, "a missing file is left to the FPGA search's own error");
        }
    }

    [Test]
    public void A_resumed_folder_is_the_problem_its_store_records_whatever_the_config_says()
    {
        using var folder = new TempFolder();
        string run = folder.Combine("run");
        string config = folder.Write("hwsw.yaml", HwSwConfigFile.DefaultText);
        var request = new ProblemSearchRequest(run, config, Seed: 3, Strategy: "random", Budget: 2);
        InProcessRunStore.Open(request, resume: false, NahasProblem.ProblemName, "bo", HwSwConfigFile.Parse, c => c.Budget, _ => { }).Store.Dispose();

        Assert.That(ProblemSearches.For(config, run)?.Name, Is.EqualTo(NahasProblem.ProblemName));
    }

    [Test]
    public void The_store_records_a_new_run_and_refuses_to_resume_it_differently()
    {
        using var folder = new TempFolder();
        string run = folder.Combine("run");
        string config = folder.Write("hwsw.yaml", HwSwConfigFile.DefaultText);
        var request = new ProblemSearchRequest(run, config, Seed: 7, Strategy: null, Budget: null);
        var created = InProcessRunStore.Open(request, resume: false, NestedHwSwProblem.ProblemName, "nested-bo", HwSwConfigFile.Parse, c => c.Budget, _ => { });
        created.Store.Dispose();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((created.Seed, created.Strategy, created.Budget), Is.EqualTo((7L, "nested-bo", HwSwConfigFile.Default().Budget)));
            Assert.That(Assert.Throws<UserInputException>(() => InProcessRunStore.Open(request, resume: false, NestedHwSwProblem.ProblemName, "nested-bo", HwSwConfigFile.Parse, c => c.Budget, _ => { }))!.Message,
                Does.Contain("already holds a search"));
            Assert.That(Assert.Throws<UserInputException>(() => InProcessRunStore.Open(request with { Seed = 8 }, resume: true, NestedHwSwProblem.ProblemName, "nested-bo", HwSwConfigFile.Parse, c => c.Budget, _ => { }))!.Message,
                Does.Contain("--seed 8 differs from the search's seed 7"));
        }
        var resumed = InProcessRunStore.Open(request with { Seed = null, Budget = 5 }, resume: true, NestedHwSwProblem.ProblemName, "nested-bo", HwSwConfigFile.Parse, c => c.Budget, _ => { });
        resumed.Store.Dispose();
        Assert.That((resumed.Seed, resumed.Budget), Is.EqualTo((7L, 5)));
    }

    [Test]
    public void A_new_run_whose_targets_are_refused_leaves_no_folder()
    {
        using var folder = new TempFolder();
        string run = folder.Combine("run");
        var request = new ProblemSearchRequest(run, folder.Write("hwsw.yaml", HwSwConfigFile.DefaultText), null, null, null);
        Assert.Throws<InvalidOperationException>(() => InProcessRunStore.Open<HwSwConfig>(request, resume: false, NestedHwSwProblem.ProblemName, "nested-bo", HwSwConfigFile.Parse, c => c.Budget,
            _ => throw new InvalidOperationException("targets nothing can meet")));
        Assert.That(Directory.Exists(run), Is.False);
        Assert.That(File.Exists(Path.Combine(run, TrialStore.FileName)), Is.False);
    }

    [Test]
    public void The_postgres_options_are_refused_for_a_problem_with_its_own_store()
    {
        var problem = ProblemSearches.All.First();
        Assert.That(Assert.Throws<UserInputException>(() => ProblemSearches.RequireSqlite(problem, "postgresql://x/y", null))!.Message, Does.Contain("SQLite"));
        Assert.DoesNotThrow(() => ProblemSearches.RequireSqlite(problem, null, null));
    }
}
