using ZooForge.TestSupport;
using ZooForge.Compression.Quantization;

namespace ZooForge.Cli.Tests.Commands;

[Category("Data")]
public class CompressCommandTests
{
    private static CliResult Compress(string outDir, params string[] extra) =>
        CliRunner.Run(["compress", "--model", "mnist_resnet", "--out", Path.Combine(outDir, "m.zfq.safetensors"), .. extra]);

    [TestCase(new[] { "--cut", "layer1.0.conv1=1.5" }, "layer1.0.conv1")]
    [TestCase(new[] { "--cut", "nosuchlayer=0.25" }, "nosuchlayer")]
    [TestCase(new[] { "--cut", "layer1.0.conv1" }, "LAYER=RATIO")]
    [TestCase(new[] { "--patterns", "4", "--pattern-layer", "layer2.0.downsample.0" }, "layer2.0.downsample.0")]
    [TestCase(new[] { "--patterns", "4", "--pattern-layer", "nosuchlayer" }, "nosuchlayer")]
    [TestCase(new[] { "--quant", "int17" }, "2..16")]
    [TestCase(new[] { "--quant", "int1" }, "2..16")]
    [TestCase(new[] { "--quant", "fixed:9.9" }, "2..16")]
    [TestCase(new[] { "--quant", "float" }, "float")]
    [TestCase(new[] { "--finetune-batches", "-3" }, "--finetune-batches")]
    public void Bad_requests_fail_with_one_line_naming_the_problem(string[] extra, string expected)
    {
        using var dir = new TempFolder();
        var result = Compress(dir.Path, extra);
        CliRunner.AssertBadInput(result, expected);
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty, "nothing half-written");
    }

    [Test]
    public void Existing_output_is_not_replaced_without_force()
    {
        using var dir = new TempFolder();
        string existing = dir.Write("m.zfq.safetensors", "keep");
        CliRunner.AssertBadInput(Compress(dir.Path), "--force");
        Assert.That(File.ReadAllText(existing), Is.EqualTo("keep"));
    }

    [Test]
    public void A_quantized_model_and_report_are_written()
    {
        using var dir = new TempFolder();
        var result = CliRunner.Run("compress", "--model", "mnist_vgg", "--patterns", "4", "--finetune-batches", "5",
            "--out", Path.Combine(dir.Path, "v.zfq.safetensors"), "--json");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var q = QuantizedNetworkFile.Load(Path.Combine(dir.Path, "v.zfq.safetensors"));
        Assert.That(q.Name, Is.EqualTo("mnist_vgg"));
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "v.report.md")), Does.Contain("| layer | kind |"));
    }
}
