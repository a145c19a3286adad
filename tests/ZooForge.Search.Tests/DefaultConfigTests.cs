using ZooForge.Search.Expressions;
using ZooForge.Search.Space;

namespace ZooForge.Search.Tests;

public class DefaultConfigTests
{
    [Test]
    public void Probe_latencies()
    {
        var config = TestSearch.Default;
        var explorer = TestSearch.Explorer(config);
        foreach (var model in config.Space.Models)
        foreach (int bits in new[] { 16, 8, 6, 4 })
        {
            var c = new SearchSpace([model], [new Gene(GeneKind.Bits, [bits])]).Create([0, 0]);
            var o = explorer.Explore(c);
            TestContext.Out.WriteLine($"{model} bits {bits}: {o.Metrics[Metrics.LatencyMs]:0.######} ms {o.Best!.Design}");
        }
        foreach (var c in config.Space.FastestPerModel())
        {
            var o = explorer.Explore(c);
            TestContext.Out.WriteLine($"fastest {c.Key}: {o.Metrics[Metrics.LatencyMs]:0.######} ms {o.Elapsed.TotalMilliseconds} ms");
        }
    }
}
