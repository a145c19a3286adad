using ZooForge.Graph.Serialization;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>
/// Truncated, corrupt or wrong-format model files: ONNX and PyTorch state_dicts given to
/// <c>import</c>, and the <c>.zfq.safetensors</c> network a design names.
/// </summary>
[TestFixture]
public sealed class ModelFileInputTests : HardeningFixture
{
    private string[] Import(string file) => ["import", file, "--out", PathIn("model" + ModelFile.Extension)];

    private string ShippedNetwork => Path.Combine(ShippedDesignFolder, "network.zfq.safetensors");

    /// <summary>A design naming <paramref name="network"/> instead of the shipped network.</summary>
    private string DesignFor(string network) =>
        WriteDesign(t => Replace(t, ShippedNetwork, network));

    [Test]
    public void Truncated_onnx_is_named()
    {
        // The first half of a real ONNX protobuf: a valid prefix that ends inside a field.
        var bytes = Commands.ImportCommandTests.SmallOnnxBytes();
        string onnx = PathIn("half.onnx");
        File.WriteAllBytes(onnx, bytes[..(bytes.Length / 2)]);
        AssertRefused(Import(onnx), onnx);
    }

    [Test]
    public void Text_file_named_onnx_is_named()
    {
        string onnx = Dir.Write("notes.onnx", "these are my notes, not a model\n");
        AssertRefused(Import(onnx), onnx);
    }

    [Test]
    public void Corrupt_state_dict_is_named()
    {
        string pth = PathIn("weights.pth");
        File.WriteAllBytes(pth, [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]);
        AssertRefused([.. Import(pth), "--arch", "squeezenet1_1"], pth, "truncated or corrupt");
    }

    [Test]
    public void Truncated_quantized_network_is_named_with_the_design_field()
    {
        var bytes = File.ReadAllBytes(ShippedNetwork);
        string network = PathIn("half.zfq.safetensors");
        File.WriteAllBytes(network, bytes[..(bytes.Length / 2)]);
        string design = DesignFor(network);
        AssertRefused(["emit", "--design", design, "--out", PathIn("hls"), "--images", "0"], design, "field 'network'", network);
    }

    [Test]
    public void Float_model_file_given_as_the_quantized_network_is_named()
    {
        // A zoo checkpoint (.zfm.safetensors, float weights) where the design expects an integer network.
        string network = PathIn("lenet5.zfq.safetensors");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "zoo", "mnist", "mnist_lenet5" + ModelFile.Extension), network);
        string design = DesignFor(network);
        AssertRefused(["emit", "--design", design, "--out", PathIn("hls"), "--images", "0"], design, network, "not a valid ZooForge quantized network file");
    }
}
