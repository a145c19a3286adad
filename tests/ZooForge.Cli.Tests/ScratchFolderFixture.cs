using ZooForge.TestSupport;
namespace ZooForge.Cli.Tests;

/// <summary>A fixture whose every test gets a fresh scratch folder, deleted after it.</summary>
public abstract class ScratchFolderFixture
{
    /// <summary>The scratch folder of the running test.</summary>
    private protected TempFolder Dir { get; private set; } = null!;

    /// <summary>The scratch folder's path.</summary>
    protected string ScratchFolder => Dir.Path;

    [SetUp]
    public void CreateScratchFolder() => Dir = new TempFolder();

    [TearDown]
    public void DeleteScratchFolder() => Dir.Dispose();

    /// <summary>A path inside the scratch folder (not created).</summary>
    protected string PathIn(params string[] parts) => Path.Combine([Dir.Path, .. parts]);
}
