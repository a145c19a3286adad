using ZooForge.Search.Expressions;
using ZooForge.Search.Space;

namespace ZooForge.Search.Tests;

public class DefaultConfigTests
{
    private static double UncompressedLatency(string model)
    {
        var config = TestSearch.Default;
        var candidate = new SearchSpace([model], [new Gene(GeneKind.Bits, [16])]).Create([0, 0]);
        return TestSearch.Explorer(config).Explore(candidate).Metrics[Metrics.LatencyMs];
    }

    [Test]
    public void Default_config_is_the_mnist_zoo_on_a_zcu102_at_200_mhz()
    {
        var config = TestSearch.Default;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.Device.Name, Is.EqualTo("zcu102"));
            Assert.That(config.ClockMhz, Is.EqualTo(200));
            Assert.That(config.Space.Models, Is.EquivalentTo(ZooForge.Graph.Zoo.Mnist.MnistModels.Names));
            Assert.That(config.Constraints.Select(c => c.IsHardwareOnly), Is.EqualTo(new[] { true, false }));
        }
    }

    [Test]
    public void The_most_accurate_zoo_models_miss_the_default_latency_specification_uncompressed_on_their_best_hardware()
    {
        // The manifest's most accurate checkpoints are mnist_mnasnet (98.70%) and mnist_resnet (98.50%).
        var spec = TestSearch.Default.Constraints[0];
        foreach (var model in new[] { "mnist_mnasnet", "mnist_resnet", "mnist_mobilenetv2" })
        {
            double latency = UncompressedLatency(model);
            Assert.That(spec.Holds(new Dictionary<string, double> { [Metrics.LatencyMs] = latency }), Is.False, $"{model} at {latency} ms");
        }
    }

    [Test]
    public void Every_model_has_a_compressed_candidate_that_meets_the_default_specification()
    {
        var config = TestSearch.Default;
        var explorer = TestSearch.Explorer(config);
        foreach (var candidate in config.Space.FastestPerModel())
            Assert.That(config.Constraints[0].Holds(explorer.Explore(candidate).Metrics), Is.True, candidate.Key);
    }
}
