using ZooForge.TestSupport;
namespace ZooForge.Cli.Tests.Commands;

/// <summary><c>zooforge emit</c> through the CLI: output, JSON, and bad input as one line (the emitter itself is tested in ZooForge.Emit.Tests).</summary>
[TestFixture]
public class EmitCommandTests
{
    private static string Design => Repository.DesignFile("mnist_resnet_p4_int8");

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "zooforge-emit-cli-" + Guid.NewGuid().ToString("N"));

    [Test]
    public void EmitsAProjectAndDescribesItInJson()
    {
        string folder = TempFolder();
        try
        {
            var json = CliRunner.RunJson("emit", "--design", Design, "--out", folder, "--images", "0", "--json");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(json.GetProperty("design").GetString(), Is.EqualTo("mnist_resnet_p4_int8"));
                Assert.That(json.GetProperty("part").GetString(), Is.EqualTo("xczu9eg-ffvb1156-2-e"));
                Assert.That(json.GetProperty("images").GetInt32(), Is.Zero);
                Assert.That(json.GetProperty("files").EnumerateArray().Select(f => f.GetString()),
                    Does.Contain("mnist_resnet_p4_int8_top.cpp").And.Contain("run_hls.tcl").And.Contain("Makefile"));
                Assert.That(File.Exists(Path.Combine(folder, "mnist_resnet_p4_int8_tb.cpp")));
                Assert.That(Directory.Exists(Path.Combine(folder, "tb_data")), Is.False);
            }
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void MissingDesignIsOneLine()
    {
        CliRunner.AssertBadInput(CliRunner.Run("emit", "--design", "/nonexistent/design.yaml", "--out", TempFolder(), "--images", "0"),
            "design file '/nonexistent/design.yaml' does not exist");
    }

    // A folder zooforge emit did not generate (it holds keep.txt = "x"), deleted afterwards.
    private static void InForeignFolder(Action<string> test)
    {
        string folder = TempFolder();
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "x");
        try
        {
            test(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void ForeignFolderIsRefusedWithoutForce() => InForeignFolder(folder =>
    {
        CliRunner.AssertBadInput(CliRunner.Run("emit", "--design", Design, "--out", folder, "--images", "0"), "--force");
        Assert.That(File.ReadAllText(Path.Combine(folder, "keep.txt")), Is.EqualTo("x"));
    });

    [Test]
    public void ForceReplacesAForeignFolder() => InForeignFolder(folder =>
    {
        Assert.That(CliRunner.Run("emit", "--design", Design, "--out", folder, "--images", "0", "--force").Code, Is.Zero);
        Assert.That(File.Exists(Path.Combine(folder, "keep.txt")), Is.False, "the folder is replaced whole");
        Assert.That(File.Exists(Path.Combine(folder, "mnist_resnet_p4_int8_top.cpp")));
    });

    [Test]
    public void NegativeImagesAreRejected()
    {
        CliRunner.AssertBadInput(CliRunner.Run("emit", "--design", Design, "--out", TempFolder(), "--images", "-1"), "--images must not be negative");
    }
}
