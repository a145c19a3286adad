using ZooForge.TestSupport;
using System.Collections;
using TorchSharp.PyBridge;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Torch.Import;
using ZooForge.Torch.Modules;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Tests.Import;

/// <summary>
/// state_dict files are written with PyBridge's <see cref="PyTorchPickler"/> (PyTorch's zip
/// format, readable by <c>torch.load</c>) or with <see cref="TorchSaveFormat"/> (the exact layout
/// <c>torch.save</c> writes), keyed by torchvision names, with int64 <c>num_batches_tracked</c>
/// scalars as torch writes them.
/// </summary>
[TestFixture]
public class StateDictImporterTests
{
    private Network _resnet18 = null!;
    private NetworkWeights _weights = null!;
    private TempFolder _dir = null!;
    private string _goodFile = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        TorchRuntime.Configure();
        _dir = new TempFolder();
        _resnet18 = BuiltinModels.Create("resnet18");
        // Random weights through a GraphModule, read back as IR weights: the tensors a trained
        // TorchSharp module would hold.
        using var module = new GraphModule(_resnet18);
        module.LoadWeights(TestWeights.Random(_resnet18, 11));
        _weights = module.ExportWeights();
        _goodFile = _dir.File("resnet18.pth");
        Save(_goodFile, StateDict(_resnet18, _weights));
    }

    [OneTimeTearDown]
    public void TearDown() => _dir.Dispose();

    /// <summary>torch's state_dict for <paramref name="weights"/>: every IR key plus num_batches_tracked per batch-norm.</summary>
    private static Dictionary<string, Tensor> StateDict(Network network, NetworkWeights weights)
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, _) in NetworkWeights.Expected(network))
        {
            var w = weights.Get(key);
            dict[key] = tensor(w.Data, w.Shape.Select(d => (long)d).ToArray());
            if (key.EndsWith(".running_var", StringComparison.Ordinal))
                dict[key[..^".running_var".Length] + ".num_batches_tracked"] = tensor(42L);
        }
        return dict;
    }

    private static void Save(string path, IDictionary dict)
    {
        using var stream = File.Create(path);
        PyTorchPickler.PickleStateDict(stream, dict);
    }

    /// <summary>Writes a variant of the resnet18 state_dict made by <paramref name="edit"/>; returns its path.</summary>
    private string Variant(string name, Action<Dictionary<string, Tensor>> edit)
    {
        using var scope = NewDisposeScope();
        var dict = StateDict(_resnet18, _weights);
        edit(dict);
        string path = _dir.File(name);
        Save(path, dict);
        return path;
    }

    private static void AssertBitIdentical(NetworkWeights expected, NetworkWeights actual)
    {
        Assert.That(actual.Entries.Select(e => e.Key), Is.EqualTo(expected.Entries.Select(e => e.Key)));
        using (Assert.EnterMultipleScope())
        {
            foreach (var (key, t) in expected.Entries)
                Assert.That(actual.Get(key).BitwiseEquals(t), Is.True, key);
        }
    }

    private GraphException ImportFails(string path, string arch = "resnet18")
    {
        var e = Assert.Throws<GraphException>(() => StateDictImporter.Import(path, arch))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.StartWith(path + ": "));
        Assert.That(e.Message, Does.Not.Contain('\n'));
        return e;
    }

    [Test]
    public void Resnet18_state_dict_imports_bit_for_bit()
    {
        var result = StateDictImporter.Import(_goodFile, "resnet18");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Network.Name, Is.EqualTo("resnet18"));
            Assert.That(result.Network.ParameterCount, Is.EqualTo(11_689_512L));
            Assert.That(result.SourceDtypes.ToDictionary(), Is.EqualTo(new Dictionary<string, int> { ["float32"] = 102 }));
            Assert.That(result.IgnoredKeys, Has.Count.EqualTo(20).And.All.EndsWith(".num_batches_tracked"));
            Assert.That(result.StrippedPrefix, Is.Null);
        }
        AssertBitIdentical(_weights, result.Weights);
    }

    [Test]
    public void Imported_weights_give_the_same_forward_pass()
    {
        var imported = StateDictImporter.Import(_goodFile, "resnet18");
        using var scope = NewDisposeScope();
        using var original = new GraphModule(_resnet18);
        original.LoadWeights(_weights);
        original.eval();
        using var loaded = new GraphModule(imported.Network);
        loaded.LoadWeights(imported.Weights);
        loaded.eval();
        var input = randn(new long[] { 1, 3, 224, 224 }, generator: new TorchSharp.torch.Generator(5));
        using var noGrad = no_grad();
        Assert.That(loaded.call(input).equal(original.call(input)).all().item<bool>(), Is.True);
    }

    [TestCase("mobilenet_v2")]
    [TestCase("mnasnet0_5")]
    [TestCase("squeezenet1_1")]
    public void Other_torchvision_layouts_import_bit_for_bit(string arch)
    {
        var network = BuiltinModels.Create(arch);
        var weights = TestWeights.Random(network, 3);
        string path = _dir.File(arch + ".pt");
        using (NewDisposeScope()) Save(path, StateDict(network, weights));
        var result = StateDictImporter.Import(path, arch.ToUpperInvariant(), name: arch + "-imported");
        Assert.That(result.Network.Name, Is.EqualTo(arch + "-imported"));
        AssertBitIdentical(weights, result.Weights);
    }

    [Test]
    public void The_layout_torch_save_writes_imports_bit_for_bit()
    {
        string path = _dir.File("torch-layout.pth");
        TorchSaveFormat.Write(path, TorchSaveFormat.StateDict(_resnet18, _weights));
        var result = StateDictImporter.Import(path, "resnet18");
        Assert.That(result.IgnoredKeys, Has.Count.EqualTo(20));
        AssertBitIdentical(_weights, result.Weights);
    }

    [Test]
    public void Float64_is_rounded_and_float16_widened_to_float32()
    {
        string path = Variant("mixed-dtypes.pth", d =>
        {
            d["conv1.weight"] = d["conv1.weight"].to_type(ScalarType.Float64) + 1e-12;
            d["fc.weight"] = d["fc.weight"].to_type(ScalarType.Float16);
            d["fc.bias"] = d["fc.bias"].to_type(ScalarType.BFloat16);
        });
        var result = StateDictImporter.Import(path, "resnet18");
        Assert.That(result.SourceDtypes.ToDictionary(), Is.EqualTo(new Dictionary<string, int> { ["bfloat16"] = 1, ["float16"] = 1, ["float32"] = 99, ["float64"] = 1 }));
        var conv = _weights.Get("conv1.weight").Data;
        var fc = _weights.Get("fc.weight").Data;
        var bias = _weights.Get("fc.bias").Data;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Weights.Get("conv1.weight").Data, Is.EqualTo(conv.Select(v => (float)(v + 1e-12))));
            Assert.That(result.Weights.Get("fc.weight").Data, Is.EqualTo(fc.Select(v => (float)(Half)v)));
            Assert.That(result.Weights.Get("fc.bias").Data, Is.EqualTo(bias.Select(v => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(RoundToBFloat16(v))))));
            Assert.That(result.Weights.Get("layer1.0.conv1.weight").BitwiseEquals(_weights.Get("layer1.0.conv1.weight")), Is.True);
        }
    }

    /// <summary>float32 → bfloat16 → float32 with round-to-nearest-even, as torch converts.</summary>
    private static float RoundToBFloat16(float v)
    {
        uint bits = (uint)BitConverter.SingleToInt32Bits(v);
        bits += 0x7FFF + ((bits >> 16) & 1);
        return BitConverter.Int32BitsToSingle((int)(bits & 0xFFFF0000));
    }

    [Test]
    public void Integer_weights_are_rejected_naming_the_key_and_dtype()
    {
        string path = Variant("int-weights.pth", d => d["layer2.0.bn1.weight"] = d["layer2.0.bn1.weight"].to_type(ScalarType.Int32));
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("'layer2.0.bn1.weight'").And.Contain("int32"));
    }

    [Test]
    public void A_missing_key_is_named_with_its_shape()
    {
        string path = Variant("missing.pth", d => d.Remove("layer3.1.bn2.running_var"));
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("1 missing key").And.Contain("'layer3.1.bn2.running_var' [256]").And.Not.Contain("unexpected"));
    }

    [Test]
    public void An_unexpected_key_is_named_with_its_shape()
    {
        string path = Variant("extra.pth", d => d["head.weight"] = zeros(10, 512));
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("1 unexpected key").And.Contain("'head.weight' [10,512]").And.Not.Contain("missing"));
    }

    [Test]
    public void A_shape_mismatch_names_the_key_and_both_shapes()
    {
        string path = Variant("ten-classes.pth", d =>
        {
            d["fc.weight"] = zeros(10, 512);
            d["fc.bias"] = zeros(10);
        });
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("'fc.weight'").And.Contain("[10,512]").And.Contain("[1000,512]"));
    }

    [Test]
    public void A_non_finite_value_is_named()
    {
        string path = Variant("nan.pth", d => d["layer4.1.bn2.bias"][3] = float.NaN);
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("layer4.1.bn2.bias").And.Contain("NaN"));
    }

    [Test]
    public void A_state_dict_of_another_architecture_suggests_it()
    {
        var resnet34 = BuiltinModels.Create("resnet34");
        string path = _dir.File("resnet34.pth");
        using (NewDisposeScope()) Save(path, StateDict(resnet34, TestWeights.Random(resnet34, 1)));
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("does not match resnet18").And.Contain("unexpected keys").And.Contain("'resnet34'"));
        Assert.That(StateDictImporter.Import(path, "resnet34").Weights.Count, Is.EqualTo(NetworkWeights.Expected(resnet34).Count));
    }

    [Test]
    public void Data_parallel_prefix_and_checkpoint_wrappers_are_accepted()
    {
        string prefixed = Variant("data-parallel.pth", d =>
        {
            foreach (var key in d.Keys.ToList())
            {
                d["module." + key] = d[key];
                d.Remove(key);
            }
        });
        var result = StateDictImporter.Import(prefixed, "resnet18");
        Assert.That(result.StrippedPrefix, Is.EqualTo("module."));
        AssertBitIdentical(_weights, result.Weights);

        string checkpoint = _dir.File("checkpoint.pth");
        using (NewDisposeScope())
            Save(checkpoint, new Hashtable { ["epoch"] = 90, ["state_dict"] = StateDict(_resnet18, _weights) });
        AssertBitIdentical(_weights, StateDictImporter.Import(checkpoint, "resnet18").Weights);
    }

    [Test]
    public void A_dictionary_with_other_values_is_not_a_state_dict()
    {
        string path = _dir.File("mixed.pth");
        using (NewDisposeScope())
            Save(path, new Hashtable { ["conv1.weight"] = zeros(64, 3, 7, 7), ["epoch"] = 3 });
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("'epoch'").And.Contain("not a tensor"));
    }

    [TestCase(0.5)]
    [TestCase(0.999)]
    [TestCase(100.0 / 47_000_000)]
    public void A_truncated_file_is_reported_with_its_name(double fraction)
    {
        var bytes = File.ReadAllBytes(_goodFile);
        string path = _dir.File($"truncated-{fraction}.pth");
        File.WriteAllBytes(path, bytes[..Math.Max(4, (int)(bytes.Length * fraction))]);
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("truncated or corrupt"));
    }

    [Test]
    public void A_truncated_torch_layout_file_is_reported_with_its_name()
    {
        string full = _dir.File("torch-layout-full.pth");
        TorchSaveFormat.Write(full, TorchSaveFormat.StateDict(_resnet18, _weights));
        var bytes = File.ReadAllBytes(full);
        string path = _dir.File("torch-layout-cut.pth");
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("truncated or corrupt"));
    }

    [Test]
    public void Corrupt_tensor_data_is_reported_with_its_name()
    {
        // Stored (uncompressed) entries as torch writes them: flip bytes inside a storage; the zip CRC catches it.
        string full = _dir.File("torch-layout-good.pth");
        TorchSaveFormat.Write(full, TorchSaveFormat.StateDict(_resnet18, _weights));
        var bytes = File.ReadAllBytes(full);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        string path = _dir.File("torch-layout-flipped.pth");
        File.WriteAllBytes(path, bytes);
        var e = ImportFails(path);
        Assert.That(e.Message, Does.Contain("corrupt").And.Contain("CRC-32"));
    }

    [Test]
    public void Non_zip_empty_and_legacy_files_are_reported_with_their_name()
    {
        string text = _dir.File("notes.pth");
        File.WriteAllText(text, "these are not weights");
        Assert.That(ImportFails(text).Message, Does.Contain("not a PyTorch state_dict file"));
        string empty = _dir.File("empty.pth");
        File.WriteAllBytes(empty, []);
        Assert.That(ImportFails(empty).Message, Does.Contain("empty"));
        string legacy = _dir.File("legacy.pth");
        File.WriteAllBytes(legacy, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        Assert.That(ImportFails(legacy).Message, Does.Contain("legacy"));
        string missing = _dir.File("nowhere.pth");
        Assert.That(ImportFails(missing).Message, Does.Contain("does not exist"));
    }

    [Test]
    public void A_pickle_that_is_not_a_dictionary_is_reported()
    {
        // torch.save([1, 2], path): a zip whose data.pkl holds a list.
        string path = _dir.File("list.pth");
        using (var zip = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create))
        using (var s = zip.CreateEntry("archive/data.pkl").Open())
            s.Write([0x80, 0x02, (byte)']', (byte)'q', 0, (byte)'(', (byte)'K', 1, (byte)'K', 2, (byte)'e', (byte)'.']);
        Assert.That(ImportFails(path).Message, Does.Contain("does not hold a dictionary of tensors"));
    }

    [Test]
    public void An_unknown_architecture_lists_the_built_in_ones()
    {
        var e = ImportFails(_goodFile, "resnet19");
        Assert.That(e.Message, Does.Contain("'resnet19'").And.Contain(string.Join(", ", BuiltinModels.Names)));
    }
}

