using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using ZooForge.Graph.Model;
using ZooForge.Import.Onnx;
using ZooForge.Torch.Modules;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Tests.Import;

/// <summary>
/// End-to-end check of the ONNX importer and <see cref="GraphModule"/>: the ImageNet-pretrained
/// ResNet-18 that Microsoft.ML.DnnImageFeaturizer.ResNet18 ships (a CNTK 2.6 export; input
/// <c>Input247</c> [1,3,224,224], output [1,512,1,1]) is run by ONNX Runtime on the original file
/// and by TorchSharp on the imported IR network and weights, on the same inputs.
/// </summary>
[TestFixture]
public class OnnxForwardTests
{
    private const float Tolerance = 1e-4f;

    private static string ModelPath =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    private Network _network = null!;
    private NetworkWeights _weights = null!;
    private GraphModule _module = null!;
    private InferenceSession _session = null!;
    private InferenceSession _unoptimised = null!;
    private string _inputName = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        Assert.That(File.Exists(ModelPath), Is.True, $"{ModelPath} should be copied from the NuGet package");
        TorchRuntime.Configure();
        var clock = Stopwatch.StartNew();
        (_network, _weights) = OnnxImporter.Import(ModelPath);
        TestContext.Progress.WriteLine($"import: {clock.ElapsedMilliseconds} ms");
        _module = new GraphModule(_network);
        _module.LoadWeights(_weights);
        _module.eval();
        // Two references: ONNX Runtime as a deployment runs it (default graph optimisations:
        // conv+batch-norm fusion etc.) and node by node as the file says (optimisations off).
        // Two threads, like TorchRuntime.
        using var options = new SessionOptions { IntraOpNumThreads = TorchRuntime.DefaultThreads, InterOpNumThreads = 1 };
        _session = new InferenceSession(ModelPath, options);
        using var plain = new SessionOptions
        {
            IntraOpNumThreads = TorchRuntime.DefaultThreads, InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
        };
        _unoptimised = new InferenceSession(ModelPath, plain);
        _inputName = _session.InputMetadata.Keys.Single();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _session?.Dispose();
        _unoptimised?.Dispose();
        _module?.Dispose();
    }

    private static float[] Uniform(int seed, float low, float high)
    {
        var random = new Random(seed);
        var data = new float[3 * 224 * 224];
        for (int i = 0; i < data.Length; i++) data[i] = low + (high - low) * (float)random.NextDouble();
        return data;
    }

    private (float[] Values, int[] Shape) RunOnnxRuntime(float[] input, bool optimised)
    {
        var tensor = new DenseTensor<float>(input, [1, 3, 224, 224]);
        using var results = (optimised ? _session : _unoptimised).Run([NamedOnnxValue.CreateFromTensor(_inputName, tensor)]);
        var output = results.Single().AsTensor<float>();
        return (output.ToArray(), output.Dimensions.ToArray());
    }

    private (float[] Values, long[] Shape) RunTorch(float[] input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = _module.call(tensor(input, [1L, 3, 224, 224])).contiguous();
        return (output.data<float>().ToArray(), output.shape);
    }

    private static IEnumerable<TestCaseData> Inputs()
    {
        var inputs = new (string Name, Func<float[]> Make)[]
        {
            ("uniform[-1,1] seed 20240601", () => Uniform(20240601, -1, 1)),
            ("uniform[-1,1] seed 7", () => Uniform(7, -1, 1)),
            ("zeros", () => new float[3 * 224 * 224]),
            // The range the model was trained on: BGR pixels minus the ImageNet mean.
            ("uniform[-128,128] seed 3", () => Uniform(3, -128, 128)),
        };
        foreach (bool optimised in new[] { true, false })
            foreach (var (name, make) in inputs)
                yield return new TestCaseData(make, optimised).SetArgDisplayNames(name, optimised ? "ORT optimised" : "ORT unoptimised");
    }

    [TestCaseSource(nameof(Inputs))]
    public void TorchSharp_matches_OnnxRuntime(Func<float[]> makeInput, bool optimised)
    {
        var input = makeInput();
        var clock = Stopwatch.StartNew();
        var (expected, expectedShape) = RunOnnxRuntime(input, optimised);
        long ortMs = clock.ElapsedMilliseconds;
        clock.Restart();
        var (actual, actualShape) = RunTorch(input);
        long torchMs = clock.ElapsedMilliseconds;

        Assert.That(expectedShape, Is.EqualTo(new[] { 1, 512, 1, 1 }));
        Assert.That(actualShape, Is.EqualTo(new long[] { 1, 512, 1, 1 }));
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        float maxDiff = 0, maxAbs = 0;
        int worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float d = Math.Abs(expected[i] - actual[i]);
            if (d > maxDiff) (maxDiff, worst) = (d, i);
            maxAbs = Math.Max(maxAbs, Math.Abs(expected[i]));
        }
        TestContext.Out.WriteLine($"max |ORT - TorchSharp| = {maxDiff:G4} at feature {worst} (max |output| {maxAbs:G4}); ORT {ortMs} ms, TorchSharp {torchMs} ms");
        TestContext.Progress.WriteLine($"max |diff| {maxDiff:G4} (max |output| {maxAbs:G4})");
        Assert.That(expected.All(float.IsFinite), Is.True);
        Assert.That(maxAbs, Is.GreaterThan(0.01f), "a degenerate all-zero output would prove nothing");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(Tolerance));
    }

    [Test]
    public void Parameter_counts_agree_between_IR_torch_and_the_ONNX_file()
    {
        var onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ModelPath));
        var buffers = onnx.Graph.Node.Where(n => n.OpType == "BatchNormalization").SelectMany(n => n.Input.Skip(3)).ToHashSet();
        long onnxParameters = onnx.Graph.Initializer.Where(t => !buffers.Contains(t.Name)).Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        long onnxBuffers = onnx.Graph.Initializer.Where(t => buffers.Contains(t.Name)).Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        long torchParameters = _module.parameters().Sum(p => p.numel());
        long torchBuffers = _module.buffers().Where(b => b.is_floating_point()).Sum(b => b.numel());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_network.ParameterCount, Is.EqualTo(15_897_152L));
            Assert.That(onnxParameters, Is.EqualTo(_network.ParameterCount));
            Assert.That(torchParameters, Is.EqualTo(_network.ParameterCount));
            Assert.That(torchBuffers, Is.EqualTo(onnxBuffers).And.EqualTo(11_648L));
            Assert.That(_weights.Entries.Sum(e => (long)e.Value.Length), Is.EqualTo(onnxParameters + onnxBuffers));
            Assert.That(_network.Nodes, Has.Count.EqualTo(onnx.Graph.Node.Count));
        }
    }
}
