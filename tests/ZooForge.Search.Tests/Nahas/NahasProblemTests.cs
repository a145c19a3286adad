using ZooForge.Search.Config;
using ZooForge.Search.Engine;
using ZooForge.Search.Nahas;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Tests.Nahas;

public class NahasProblemTests
{
    private static NahasConfig Config(string constraints = "{latency_ms_max: 0.02}", string extra = "") => NahasConfigFile.Parse($"""
        format: zooforge-search/1
        problem: nahas
        name: t
        constraints: {constraints}
        {extra}
        """, "t.yaml");

    [Test]
    public void The_built_in_configuration_reads_and_its_baseline_is_the_default_point_at_equal_area()
    {
        var c = NahasConfigFile.Default();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Blocks, Is.EqualTo(NahasBlockSpace.Default).Using<NahasBlockSpace>((a, b) => a.ToString() == b.ToString()));
            Assert.That(c.BaselineHardware, Is.EqualTo(c.HardwareSpace.Default()));
            Assert.That(c.Constraints.AreaMm2Max, Is.EqualTo(c.BaselineHardware.ToAccelerator().AreaMm2));
            Assert.That(c.Blocks.Size, Is.EqualTo(Math.Pow(2 * 2 * 3, 4) * 8));
        }
    }

    [TestCase("{latency_ms_max: 0.02, speed: 1}", "", "t.yaml:4:37: field 'constraints.speed': unknown field", TestName = "An unknown constraint")]
    [TestCase("{latency_ms_max: -1}", "", "field 'constraints.latency_ms_max': must be greater than 0, got -1", TestName = "A negative latency target")]
    [TestCase("{area_mm2_max: 10}", "", "field 'constraints.latency_ms_max' is required", TestName = "No latency target")]
    [TestCase("{latency_ms_max: 0.02}", "architecture: {kernel: [3, 4]}", "field 'architecture.kernel[1]': kernels must be odd", TestName = "An even kernel")]
    [TestCase("{latency_ms_max: 0.02}", "architecture: {width: [0.1]}", "field 'architecture.width[0]': must be between 0.25 and 2, got 0.1", TestName = "A width out of range")]
    [TestCase("{latency_ms_max: 0.02}", "architecture: {blocks: 3}", "field 'architecture.blocks': unknown field", TestName = "An unknown architecture field")]
    [TestCase("{latency_ms_max: 0.02}", "evaluation: {fine_tune_batches: 0}", "field 'evaluation.fine_tune_batches': must be an integer between 1 and 100000, got 0", TestName = "No fine-tuning batches")]
    [TestCase("{latency_ms_max: 0.02}", "hardware_space: nowhere.yaml", "field 'hardware_space': 'nowhere.yaml' is neither a space file nor the built-in space 'edge-tpu-nahas'", TestName = "A missing space file")]
    public void Bad_configurations_name_the_field(string constraints, string extra, string message)
    {
        var e = Assert.Throws<SearchConfigException>(() => Config(constraints, extra));
        Assert.That(e!.Message, Does.Contain(message));
    }

    [TestCase("{latency_ms_max: 0.0001}", "latency_ms_max 0.0001 cannot be met: the smallest architecture", TestName = "A latency target below the physical bound")]
    [TestCase("{latency_ms_max: 0.005}", "latency_ms_max 0.005 cannot be met by the fixed-hardware baseline: the smallest architecture", TestName = "A latency target the baseline cannot meet")]
    [TestCase("{latency_ms_max: 0.02, area_mm2_max: 0.5}", "area_mm2_max 0.5 cannot be met: the smallest point of hardware space 'edge-tpu-nahas' takes", TestName = "An area target below every point")]
    [TestCase("{latency_ms_max: 0.02, area_mm2_max: 30}", "area_mm2_max 30 excludes the fixed-hardware baseline's default point", TestName = "An area target that excludes the baseline")]
    public void Infeasible_targets_are_refused_before_anything_is_trained(string constraints, string message)
    {
        var e = Assert.Throws<SearchInfeasibleException>(() => NahasFeasibility.Check(Config(constraints), new NahasCostModel()));
        Assert.That(e!.Message, Does.StartWith(message));
    }

    [Test]
    public void Accuracy_is_trained_once_per_architecture_and_never_for_a_missed_target()
    {
        var config = Config(extra: "hardware_search: joint");
        var trainer = new CountingTrainer();
        var costs = new NahasCostModel();
        var cache = new NahasAccuracyCache(trainer);
        var co = config.CoSearch(costs, cache);
        var random = new Search.Strategies.RandomStrategy(co.Space, 3);
        int trained = 0, pruned = 0, slow = 0;
        for (int i = 0; i < 16; i++)
        {
            var c = random.Propose();
            var m = co.Measure(c);
            if (!co.IsValid(c)) { pruned++; Assert.That(m.Cost.Cycles, Is.Zero, "an area miss is never costed"); }
            else if (m.Cost.LatencyMs > config.Constraints.LatencyMsMax) slow++;
            if (m.Accuracy is not null) trained++;
            Assert.That(m.Accuracy is null, Is.EqualTo(m.Violation is not null));
        }
        Assert.That(pruned, Is.GreaterThan(0));
        Assert.That(slow, Is.GreaterThan(0));
        Assert.That(trainer.Calls, Is.EqualTo(trained), "only candidates meeting both targets are fine-tuned");
    }

    [Test]
    public void The_nested_search_gives_each_architecture_a_point_no_slower_than_the_baseline_s_and_shares_its_accuracy()
    {
        var config = Config();
        var trainer = new CountingTrainer();
        var costs = new NahasCostModel();
        var cache = new NahasAccuracyCache(trainer);
        var co = config.CoSearch(costs, cache);
        var fixedHw = config.FixedHardware(costs, cache);
        Assert.That(co.Space.Genes.Count, Is.EqualTo(fixedHw.Space.Genes.Count), "nested: the strategy searches the architecture genes alone");
        var arch = new MnasNetArchitecture(MnasNetArchitecture.Zoo.Stages.Select(s => s with { Width = 0.75, Depth = 1 }).ToList());
        var c = co.Space.Create(Choices(co, arch));
        var onBaseline = fixedHw.Measure(fixedHw.Space.Create(Choices(fixedHw, arch)));
        var searched = co.Measure(c);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(searched.Feasible && onBaseline.Feasible, Is.True, searched.Violation ?? onBaseline.Violation);
            Assert.That(searched.Cost.AreaMm2, Is.LessThanOrEqualTo(config.Constraints.AreaMm2Max));
            Assert.That(searched.Cost.LatencyMs, Is.LessThan(onBaseline.Cost.LatencyMs), "the searched point beats the default on this architecture");
            Assert.That(searched.Accuracy, Is.EqualTo(onBaseline.Accuracy));
            Assert.That(trainer.Calls, Is.EqualTo(1), "one fine-tune for both");
            Assert.That(co.Inner!.Best(arch), Is.EqualTo(new NahasHardwareSearch(config.HardwareSpace, config.Constraints, new NahasCostModel()).Best(arch)), "the point depends on the architecture alone");
        }
    }

    [Test]
    public void A_persisted_search_records_failures_goes_on_and_resumes_without_training()
    {
        var config = Config();
        string db = Path.Combine(Path.GetTempPath(), $"nahas-{Guid.NewGuid():N}.db");
        try
        {
            var failing = new CountingTrainer { Fail = a => a.Stages[0].Expansion == 6 };
            List<TrialRecord> first;
            using (var store = TrialStore.Open(db))
                first = new NahasSearch(config.FixedHardware(new NahasCostModel(), new NahasAccuracyCache(failing)), store).Run(new RandomStrategy(config.FixedHardware(new NahasCostModel(), new NahasAccuracyCache(failing)).Space, 5), 12);
            Assert.That(first.Any(t => t.Status == TrialStatus.Failed && t.FailureKind is not null && t.Note!.Contains("diverged")), Is.True, "a diverged fine-tune is a failed trial");
            Assert.That(first.Any(t => t.Status == TrialStatus.Feasible), Is.True, "the search went on after it");
            Assert.That(first.Where(t => t.Status == TrialStatus.Violates).All(t => t.Note!.StartsWith("latency ")), Is.True);

            var resumedTrainer = new CountingTrainer();
            using (var store = TrialStore.Open(db))
            {
                var problem = config.FixedHardware(new NahasCostModel(), new NahasAccuracyCache(resumedTrainer));
                var again = new NahasSearch(problem, store).Run(new RandomStrategy(problem.Space, 5), 12);
                Assert.That(again.Select(t => t.Key), Is.EqualTo(first.Select(t => t.Key)));
                Assert.That(resumedTrainer.Calls, Is.Zero, "stored trials are replayed, not retrained");
                Assert.Throws<InvalidOperationException>(() => new NahasSearch(problem, store).Run(new RandomStrategy(problem.Space, 6), 12));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(db);
        }
    }

    [Test]
    public void The_comparison_finds_the_co_search_s_cheapest_design_at_the_baseline_s_accuracy()
    {
        var hw = NahasConfigFile.Default().BaselineHardware;
        NahasMeasurement M(double acc, double ms, double uj) => new(MnasNetArchitecture.Zoo, hw, new NahasHardwareCost(ms, uj, 50, 1, null), acc, null);
        var c = NahasBenchmark.Compare(1, [M(0.95, 0.018, 120), M(0.97, 0.019, 140), M(0.96, 0.012, 100)], [M(0.96, 0.02, 150), M(0.90, 0.01, 60)]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.AccuracyGain, Is.EqualTo(0.01).Within(1e-12));
            Assert.That(c.AtBaselineAccuracy, Is.EqualTo((0.012, 100.0)));
            Assert.That(c.LatencyReduction, Is.EqualTo(0.4).Within(1e-12));
            Assert.That(c.EnergyReduction, Is.EqualTo(1 - 100.0 / 150).Within(1e-12));
        }
        Assert.That(NahasBenchmark.Compare(1, [M(0.9, 0.01, 50)], [M(0.95, 0.02, 100)]).AtBaselineAccuracy, Is.Null, "nothing as accurate: no comparison at equal accuracy");
    }

    private static int[] Choices(NahasProblem p, MnasNetArchitecture a)
    {
        var values = a.Stages.SelectMany(s => new double[] { s.Expansion, s.Kernel, s.Width, s.Depth }).ToList();
        return [0, .. values.Select((v, i) => p.Space.Genes[i + 1].Values.ToList().IndexOf(v))];
    }
}
