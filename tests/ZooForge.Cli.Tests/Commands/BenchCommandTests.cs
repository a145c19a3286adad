using System.Text.Json;

namespace ZooForge.Cli.Tests.Commands;

/// <summary>Smoke tests only: the figures depend on the machine and are never compared with targets.</summary>
[TestFixture]
public class BenchCommandTests
{
    [Test]
    public void ShortJsonRunReportsPositiveFigures()
    {
        var result = CliRunner.Run("bench", "--seconds", "0.05", "--repeats", "1", "--json");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        using var document = JsonDocument.Parse(result.Stdout);
        var figures = document.RootElement.EnumerateArray().ToList();
        Assert.That(figures, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (var figure in figures)
            {
                string name = figure.GetProperty("name").GetString()!;
                Assert.That(name, Is.Not.Empty);
                Assert.That(figure.GetProperty("value").GetDouble(), Is.Positive, name);
                Assert.That(figure.GetProperty("unit").GetString(), Is.AnyOf("1/s", "ms"), name);
                Assert.That(figure.GetProperty("detail").GetString(), Is.Not.Empty, name);
            }
            var names = figures.Select(f => f.GetProperty("name").GetString()).ToList();
            Assert.That(names, Does.Contain("layer evaluations/s (hotnas)"));
            Assert.That(names, Does.Contain("dse resnet18 hotnas pruned"));
        }
        // Progress goes to standard error so that standard output stays parseable.
        Assert.That(result.ErrorLines, Is.All.StartWith("bench: "));
    }

    [TestCase("--seconds", "0")]
    [TestCase("--repeats", "0")]
    [TestCase("--seconds", "-1")]
    public void NonPositiveSettingsAreRejected(string option, string value)
    {
        CliRunner.AssertBadInput(CliRunner.Run("bench", option, value), "--seconds, --repeats and --batches must be positive");
    }
}
