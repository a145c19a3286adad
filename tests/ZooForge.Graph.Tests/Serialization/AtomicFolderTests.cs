using ZooForge.Graph.Serialization;

namespace ZooForge.Graph.Tests.Serialization;

public class AtomicFolderTests
{
    private string _root = "";

    [SetUp]
    public void CreateRoot() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "zf-atomicfolder-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void The_new_folder_replaces_the_old_one_entirely()
    {
        string target = Path.Combine(_root, "out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "stale.txt"), "old");

        string written = AtomicFolder.Replace(target, temp => File.WriteAllText(Path.Combine(temp, "new.txt"), "new"));

        Assert.That(written, Is.EqualTo(target));
        Assert.That(Directory.GetFiles(target).Select(Path.GetFileName), Is.EqualTo(new[] { "new.txt" }));
        Assert.That(Directory.GetFileSystemEntries(_root), Has.Length.EqualTo(1), "no temporary folder is left");
    }

    [Test]
    public void A_failing_fill_keeps_the_old_folder_and_leaves_no_temporary()
    {
        string target = Path.Combine(_root, "out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "kept.txt"), "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFolder.Replace(target, temp =>
        {
            File.WriteAllText(Path.Combine(temp, "half.txt"), "x");
            throw new InvalidOperationException("disk full");
        }));

        Assert.That(File.ReadAllText(Path.Combine(target, "kept.txt")), Is.EqualTo("old"));
        Assert.That(Directory.GetFileSystemEntries(_root), Has.Length.EqualTo(1));
    }
}
