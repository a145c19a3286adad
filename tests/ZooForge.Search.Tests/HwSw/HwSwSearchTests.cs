using ZooForge.TestSupport;
using ZooForge.Search.HwSw;
using ZooForge.Search.Store;

namespace ZooForge.Search.Tests.HwSw;

public class HwSwSearchTests
{
    [Test]
    public void A_resumed_search_replays_the_stored_trials_without_mapping_them_again()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, TrialStore.FileName);
        List<TrialRecord> first;
        using (var store = TrialStore.Open(path))
        {
            var problem = SmallHwSwProblems.Nested();
            first = new HwSwSearch(problem, store).Run(HwSwStrategies.CreateNestedBo(problem.Space, 4, problem.IsValid), 6);
        }
        using (var store = TrialStore.Open(path))
        {
            var problem = SmallHwSwProblems.Nested();
            var resumed = new HwSwSearch(problem, store).Run(HwSwStrategies.CreateNestedBo(problem.Space, 4, problem.IsValid), 8);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(resumed.Take(6).Select(t => (t.Key, t.Objective, t.Status)), Is.EqualTo(first.Select(t => (t.Key, t.Objective, t.Status))));
                Assert.That(resumed, Has.Count.EqualTo(8));
                Assert.That(problem.Measured, Is.EqualTo(2), "only the two new points were mapped");
                Assert.That(store.Trials(), Has.Count.EqualTo(8));
                Assert.That(first.Where(t => t.Status == TrialStatus.Feasible).Select(t => t.Metrics["edp_mj_ms"]), Is.EqualTo(first.Where(t => t.Status == TrialStatus.Feasible).Select(t => t.Objective)));
            }
        }
    }

    [Test]
    public void A_store_of_another_search_is_refused()
    {
        using var folder = new TempFolder();
        using var store = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        var problem = SmallHwSwProblems.Nested();
        new HwSwSearch(problem, store).Run(HwSwStrategies.CreateRandom(problem.Space, 1, problem.IsValid), 2);
        var e = Assert.Throws<InvalidOperationException>(() => new HwSwSearch(problem, store).Run(HwSwStrategies.CreateRandom(problem.Space, 2, problem.IsValid), 3));
        Assert.That(e!.Message, Does.Contain("the store belongs to a different search"));
    }

    [Test]
    public void Points_that_miss_an_input_constraint_are_stored_as_pruned_with_the_reason()
    {
        var problem = SmallHwSwProblems.Nested(new HwSwConstraints(PesMax: 64));
        var random = new Random(1);
        var big = Enumerable.Range(0, 100).Select(_ => problem.Space.Sample(random)).First(c => !problem.IsValid(c));
        var trial = new HwSwSearch(problem, new NullStore()).Evaluate(0, big);
        Assert.That(trial.Status, Is.EqualTo(TrialStatus.Pruned));
        Assert.That(trial.Note, Does.Contain("exceed pes_max 64"));
        Assert.That(problem.Measured, Is.Zero);
    }

    private sealed class NullStore : ITrialStore
    {
        public string Path => "(none)";
        public string? GetMeta(string key) => null;
        public void SetMeta(string key, string value) { }
        public List<TrialRecord> Trials() => [];
        public void Add(TrialRecord trial) { }
        public TrialRecord? GetBaseline(string model) => null;
        public void SetBaseline(string model, TrialRecord record) { }
        public void Dispose() { }
    }
}
