using ZooForge.TestSupport;
using ZooForge.Graph.Model;
using ZooForge.Search.Nasaic;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Tests.Nasaic;

/// <summary>
/// Slow exploration stand-in: the search side never trains, so its tests score networks by a fixed
/// rule (wider is more accurate) and count the calls; <see cref="Failing"/> networks throw as a
/// diverged fine-tune does.
/// </summary>
internal sealed class CountingAccuracy : INasaicAccuracy
{
    public List<string> Calls { get; } = [];
    public string? Failing { get; init; }

    public (int Correct, int Total) Accuracy(NasaicArchitecture architecture, long seed)
    {
        Calls.Add(architecture.Task + "/" + architecture.Key);
        if (architecture.Key == Failing) throw new NonFiniteValueException($"fine-tuning {architecture.Key} diverged: loss NaN");
        int rank = architecture.Model.Length % 7;
        return ((int)(1000 * (0.99 - 0.1 * architecture.Width)) - rank, 1000);
    }
}

public class NasaicSearchTests
{
    /// <summary>MNIST (LeNet-5 and VGG, three widths) on two slots of 256 PEs; specs chosen so only small designs pass.</summary>
    private static NasaicConfig Config(string specs = "specs: {latency_ms: 0.3, energy_uj: 30, area_mm2: 3.1}") =>
        NasaicConfigFile.Parse(NasaicConfigFileTests.Minimal.Replace("specs: {latency_ms: 1, energy_uj: 100, area_mm2: 10}", specs) + "widths: [0, 0.25, 0.5]\n", "t.yaml");

    [Test]
    public void Designs_that_miss_a_spec_are_pruned_and_never_trained()
    {
        var config = Config();
        var problem = new NasaicProblem(config, new NasaicZoo());
        var accuracy = new CountingAccuracy();
        using var folder = new TempFolder();
        using var store = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        var trials = new NasaicSearch(problem, new NasaicAccuracyCache(accuracy), store).Run(new RandomStrategy(problem.Space, 3), 25);
        var pruned = trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        var feasible = trials.Where(t => t.Status == TrialStatus.Feasible).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pruned, Is.Not.Empty);
            Assert.That(feasible, Is.Not.Empty);
            Assert.That(pruned.All(t => t.Reward == NasaicReward.Pruned && t.Note!.StartsWith("spec missed", StringComparison.Ordinal) && double.IsNaN(t.Accuracy)));
            Assert.That(feasible.All(t => t.LatencyMs <= 0.3 && t.Metrics[NasaicSearch.EnergyUj] <= 30 && t.Metrics[NasaicSearch.AreaMm2] <= 3.1));
            // Only the networks of designs that met every spec were trained, each once.
            var trained = feasible.Select(t => "mnist/" + problem.Design(problem.Space.Create(t.Choices)).Architectures[0].Key).Distinct().Order();
            Assert.That(accuracy.Calls.Order(), Is.EqualTo(trained));
            Assert.That(feasible.All(t => t.Reward > 0 && t.Reward == config.Reward.Of(t.Accuracy, t.Metrics[NasaicSearch.HardwareTerm])));
        }
    }

    [Test]
    public void One_task_on_one_sub_accelerator_has_that_networks_latency_energy_and_the_subs_area()
    {
        var config = Config();
        var problem = new NasaicProblem(config, new NasaicZoo());
        var candidate = problem.Space.All().First(c => NasaicProblem.Value(c, "mnist.sub") == 1 && NasaicProblem.Value(c, "sub1.pe_share") == 0.5);
        var m = problem.Measure(candidate);
        var design = m.Design;
        var (network, _) = problem.Zoo.Build(design.Architectures[0]);
        var direct = Asic.Estimation.NetworkEstimator.Estimate(network, design.SubAccelerators[1].ToAccelerator(config.Hardware.Base), design.SubAccelerators[1].Dataflow, NasaicProblem.DefaultMapper);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(design.Built, Is.EqualTo(new[] { 1 }), "slot 0 runs nothing and is not built");
            Assert.That(design.SubAccelerators[1].Pes, Is.EqualTo(128));
            Assert.That(m.Estimate!.LatencyMs, Is.EqualTo(direct.TotalCycles / (config.Hardware.Base.ClockMhz * 1000)).Within(1e-12));
            Assert.That(m.Estimate.EnergyUj, Is.EqualTo(direct.TotalEnergyPj * 1e-6).Within(1e-9));
            Assert.That(m.Estimate.AreaMm2, Is.EqualTo(design.SubAccelerators[1].ToAccelerator(config.Hardware.Base).AreaMm2));
        }
    }

    [Test]
    public void A_failing_fine_tune_is_a_failed_trial_and_the_search_goes_on()
    {
        var config = Config("specs: {latency_ms: 10, energy_uj: 1000, area_mm2: 20}");
        var problem = new NasaicProblem(config, new NasaicZoo());
        var accuracy = new CountingAccuracy { Failing = "mnist_lenet5-cut0.5" };
        using var folder = new TempFolder();
        using var store = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        var trials = new NasaicSearch(problem, accuracy, store).Run(new RandomStrategy(problem.Space, 5), 30);
        var failed = trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        Assert.That(failed, Is.Not.Empty, "random sampling over 30 trials picks LeNet-5 at width 0.5");
        Assert.That(failed.All(t => t.Note!.Contains("diverged") && t.FailureKind == ZooForge.Search.Engine.TrialFailures.NonFinite));
        Assert.That(trials.Count(t => t.Status == TrialStatus.Feasible), Is.GreaterThan(0));
        Assert.That(store.Trials(), Has.Count.EqualTo(30));
    }

    [Test]
    public void A_resumed_search_replays_stored_trials_without_training_them_again()
    {
        var config = Config();
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, TrialStore.FileName);
        List<TrialRecord> first;
        using (var store = TrialStore.Open(path))
            first = new NasaicSearch(new NasaicProblem(config, new NasaicZoo()), new CountingAccuracy(), store).Run(new RandomStrategy(new NasaicProblem(config, new NasaicZoo()).Space, 9), 12);
        var again = new CountingAccuracy();
        var problem = new NasaicProblem(config, new NasaicZoo());
        List<TrialRecord> resumed;
        using (var store = TrialStore.Open(path))
            resumed = new NasaicSearch(problem, again, store).Run(new RandomStrategy(problem.Space, 9), 12);
        Assert.That(resumed.Select(t => (t.Key, t.Reward)), Is.EqualTo(first.Select(t => (t.Key, t.Reward))));
        Assert.That(again.Calls, Is.Empty);
    }

    [Test]
    public void The_baseline_takes_the_most_accurate_network_then_the_best_hardware_for_it()
    {
        var config = Config();
        var problem = new NasaicProblem(config, new NasaicZoo());
        var accuracy = new CountingAccuracy();
        var baseline = NasaicBaseline.Run(problem, accuracy);
        // CountingAccuracy ranks mnist_vgg (rank 2) above mnist_lenet5 (rank 5) at width 0.
        var design = baseline.Measurement.Design;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(design.Architectures[0], Is.EqualTo(new NasaicArchitecture("mnist", "mnist_vgg", 0)));
            Assert.That(accuracy.Calls, Is.EquivalentTo(new[] { "mnist/mnist_lenet5", "mnist/mnist_vgg" }));
            // slot 0: 2 dataflows x 4 PE shares x 4 bandwidth shares; slot 1: 1 x 4 x 4; one task on either slot.
            Assert.That(baseline.HardwareDesigns, Is.EqualTo(2 * 2 * 4 * 4 * 1 * 4 * 4));
        }
        // Nothing in the space with mnist_vgg beats its choice.
        var rivals = problem.Space.All().Where(c => NasaicProblem.Value(c, "mnist.model") == 1 && NasaicProblem.Value(c, "mnist.width") == 0)
            .Select(problem.Measure).Where(m => m.Estimate is not null).ToList();
        Assert.That(rivals.Min(m => m.Excess), Is.EqualTo(baseline.Measurement.Excess));
        if (baseline.Measurement.MeetsSpecs)
            Assert.That(rivals.Where(m => m.MeetsSpecs).Max(m => config.Reward.HardwareTerm(config.Specs, m.Estimate!.LatencyMs, m.Estimate.EnergyUj, m.Estimate.AreaMm2)),
                Is.EqualTo(config.Reward.HardwareTerm(config.Specs, baseline.Measurement.Estimate!.LatencyMs, baseline.Measurement.Estimate.EnergyUj, baseline.Measurement.Estimate.AreaMm2)));
    }
}
