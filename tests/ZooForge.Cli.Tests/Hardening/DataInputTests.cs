using ZooForge.Data.Cache;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Missing or damaged MNIST digits in the data cache (<c>ZOOFORGE_DATA</c> pointed at a scratch folder).</summary>
[TestFixture]
[NonParallelizable]
public sealed class DataInputTests : HardeningFixture
{
    [Test]
    public void Missing_mnist_names_the_fetch_command_and_writes_no_project()
    {
        string design = WriteDesign();
        string data = PathIn("data");
        Directory.CreateDirectory(data);
        using var _ = new EnvironmentOverride(DataCache.EnvironmentVariable, data);
        AssertRefused(["emit", "--design", design, "--out", PathIn("hls")], "zooforge data fetch");
    }

    [Test]
    [Category("Data")]
    public void Damaged_mnist_file_is_named()
    {
        // A complete copy of the cached package with one digit file damaged but of the right size.
        string data = PathIn("data");
        string copy = new DataCache(data).EntryDirectory(Data.Mnist.NpmMnist.PackageSpec);
        CopyFolder(Data.Mnist.NpmMnist.PackageDirectory(), Path.GetRelativePath(Dir.Path, copy));
        string digit = Path.Combine(copy, Data.Mnist.NpmMnist.DigitFile(7));
        var bytes = File.ReadAllBytes(digit);
        "nonsense"u8.CopyTo(bytes.AsSpan(bytes.Length / 2));
        File.WriteAllBytes(digit, bytes);
        string design = WriteDesign();
        using var _ = new EnvironmentOverride(DataCache.EnvironmentVariable, data);
        AssertRefused(["emit", "--design", design, "--out", PathIn("hls")], digit);
    }
}
