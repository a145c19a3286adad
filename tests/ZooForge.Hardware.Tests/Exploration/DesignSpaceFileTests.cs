using ZooForge.Hardware.Exploration;

namespace ZooForge.Hardware.Tests.Exploration;

[TestFixture]
public sealed class DesignSpaceFileTests
{
    private const string Axes = "tm: [8]\ntr: [14]\ntc: [14]\nweight_lanes: [2]\ninput_lanes: [2]\noutput_lanes: [2]\n";

    [Test]
    public void Windows_and_engines_are_optional_and_default_to_the_largest_kernel_and_the_patterned_engine()
    {
        var space = DesignSpaceFile.Parse(Axes, "small.yaml");
        Assert.That(space.Tk, Is.Empty);
        Assert.That(space.Dense, Is.EqualTo(new[] { false }));
        Assert.That(space.KernelTiles(7), Is.EqualTo(new[] { 7 }));
    }

    [Test]
    public void Windows_and_engines_are_read()
    {
        var space = DesignSpaceFile.Parse(Axes + "tk: [3, 5, 9]\nengines: [dense, patterned]\n", "small.yaml");
        Assert.That(space.Dense, Is.EqualTo(new[] { true, false }));
        // A window at or above the largest kernel is that kernel; the largest is always tried.
        Assert.That(space.KernelTiles(7), Is.EqualTo(new[] { 3, 5, 7 }));
        Assert.That(space.KernelTiles(3), Is.EqualTo(new[] { 3 }));
    }

    [TestCase("engines: [sparse]\n", "field 'engines' has 'sparse'; known engines: patterned, dense")]
    [TestCase("engines: []\n", "field 'engines' must list at least one")]
    [TestCase("tk: [0]\n", "field 'tk' has 0")]
    public void Bad_windows_or_engines_name_the_file_and_field(string extra, string message) =>
        Assert.That(() => DesignSpaceFile.Parse(Axes + extra, "small.yaml"),
            Throws.TypeOf<DseException>().With.Message.Contains("small.yaml").And.Message.Contains(message));
}
