using System.Buffers.Binary;
using System.Text;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Compression.Tests.Reference;

namespace ZooForge.Compression.Tests.Quantization;

public class QuantizedNetworkFileTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("zf-qnet-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static QuantizedNetwork Zoo(string model, string scheme, bool patterns = false)
    {
        var (network, weights) = TestNetworks.LoadZoo(model);
        var assignments = patterns ? IntegerReferenceTests.CrossPatterns(network, weights) : default;
        if (patterns) weights = assignments.Weights;
        var ranges = Calibration.Ranges(network, weights, TestNetworks.Synthetic(network.InputShape, 8, 2), 8);
        return Quantizer.Quantize(network, weights, ranges, QuantScheme.Parse(scheme), assignments.Patterns);
    }

    private static QuantizedNetwork EveryLayer(string scheme)
    {
        var network = TestNetworks.EveryLayer();
        var weights = TestNetworks.RandomWeights(network, 11);
        return Quantizer.Quantize(network, weights, Calibration.Ranges(network, weights, TestNetworks.Synthetic(network.InputShape, 8, 5), 8), QuantScheme.Parse(scheme));
    }

    private static IEnumerable<TestCaseData> Networks()
    {
        yield return new TestCaseData("resnet int8").SetArgDisplayNames("mnist_resnet int8").SetCategory("Data");
        yield return new TestCaseData("vgg fixed:4.4 patterns").SetArgDisplayNames("mnist_vgg fixed:4.4 with patterns").SetCategory("Data");
        yield return new TestCaseData("mobilenetv2 int8 patterns").SetArgDisplayNames("mnist_mobilenetv2 int8 with patterns").SetCategory("Data");
        yield return new TestCaseData("every int12").SetArgDisplayNames("every layer type, int12 (I16 weights)");
    }

    private static QuantizedNetwork Build(string key) => key switch
    {
        "resnet int8" => Zoo("mnist_resnet", "int8"),
        "vgg fixed:4.4 patterns" => Zoo("mnist_vgg", "fixed:4.4", patterns: true),
        "mobilenetv2 int8 patterns" => Zoo("mnist_mobilenetv2", "int8", patterns: true),
        _ => EveryLayer("int12"),
    };

    [TestCaseSource(nameof(Networks))]
    public void RoundTripIsBitIdentical(string key)
    {
        var q = Build(key);
        var bytes = QuantizedNetworkFile.ToBytes(q);
        string path = Path.Combine(_dir, "net" + QuantizedNetworkFile.Extension);
        QuantizedNetworkFile.Save(path, q);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes));
        var back = QuantizedNetworkFile.Load(path);
        Assert.That(QuantizedNetworkFile.ToBytes(back), Is.EqualTo(bytes), "deterministic bytes");
        Assert.Multiple(() =>
        {
            Assert.That(back.Name, Is.EqualTo(q.Name));
            Assert.That(back.Scheme, Is.EqualTo(q.Scheme));
            Assert.That(back.InputShape, Is.EqualTo(q.InputShape));
            Assert.That(back.Tensors, Is.EquivalentTo(q.Tensors));
            Assert.That(back.Ops.Select(o => o.GetType()), Is.EqualTo(q.Ops.Select(o => o.GetType())));
            for (int i = 0; i < q.Ops.Count; i++)
            {
                Assert.That(back.Ops[i].Name, Is.EqualTo(q.Ops[i].Name));
                Assert.That(back.Ops[i].Inputs, Is.EqualTo(q.Ops[i].Inputs));
                if (q.Ops[i] is QConv c && back.Ops[i] is QConv d)
                {
                    Assert.That((d.InChannels, d.OutChannels, d.Kernel, d.Stride, d.Padding, d.Groups, d.Lo, d.Hi),
                        Is.EqualTo((c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.Padding, c.Groups, c.Lo, c.Hi)));
                    Assert.That(d.Weights, Is.EqualTo(c.Weights));
                    Assert.That(d.Bias, Is.EqualTo(c.Bias));
                    Assert.That(d.Multiplier, Is.EqualTo(c.Multiplier));
                    Assert.That(d.Shift, Is.EqualTo(c.Shift));
                    Assert.That(d.PatternIds, Is.EqualTo(c.PatternIds));
                    Assert.That(d.Patterns?.Masks, Is.EqualTo(c.Patterns?.Masks));
                }
                else if (q.Ops[i] is QConcat cat && back.Ops[i] is QConcat cat2)
                    Assert.That((cat2.Multipliers, cat2.Shift, cat2.Lo, cat2.Hi), Is.EqualTo((cat.Multipliers, cat.Shift, cat.Lo, cat.Hi)));
                else Assert.That(back.Ops[i].ToString(), Is.EqualTo(q.Ops[i].ToString())); // records; Inputs compared above
            }
        });
        var input = Quantizer.QuantizeInput(TestNetworks.Synthetic(q.InputShape, 1, 3).GetImage(0), q);
        Assert.That(IntegerReference.Run(back, input)[q.OutputName], Is.EqualTo(IntegerReference.Run(q, input)[q.OutputName]));
        // safetensors layout: 8-byte header length, header padded to 8, I32 tensors first.
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.That(headerLength % 8, Is.EqualTo(0));
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.That(header, Does.StartWith("{\"__metadata__\":{\"format\":\"zooforge-qnet/1\""));
        Assert.That(header.IndexOf("\"I32\"", StringComparison.Ordinal), Is.LessThan(header.IndexOf(q.Bits <= 8 ? "\"I8\"" : "\"I16\"", StringComparison.Ordinal)));
    }

    [Test]
    public void DamagedFilesAreRejectedNamingTheFile()
    {
        var q = EveryLayer("int8");
        var bytes = QuantizedNetworkFile.ToBytes(q);
        string path = Path.Combine(_dir, "bad" + QuantizedNetworkFile.Extension);

        void Expect(byte[] content, string fragment)
        {
            File.WriteAllBytes(path, content);
            var e = Assert.Throws<QuantizationException>(() => QuantizedNetworkFile.Load(path));
            Assert.That(e!.Message, Does.StartWith(path + ":").And.Contain(fragment));
        }

        var flipped = (byte[])bytes.Clone();
        flipped[^3] ^= 0x40;
        Expect(flipped, "checksum mismatch");
        Expect(bytes[..^10], "checksum mismatch");
        Expect(bytes[..5], "truncated");
        Expect(bytes[..200], "header length");

        // A header edit (keeping the data intact) must still be caught.
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Expect(WithHeader(bytes, header.Replace("\"dtype\":\"I8\"", "\"dtype\":\"F32\"")), "dtype 'F32'");
        Expect(WithHeader(bytes, header.Replace("\"format\":\"zooforge-qnet/1\"", "\"format\":\"zooforge-qnet/9\"")), "format");
        Expect(WithHeader(bytes, header.Replace("\\\"groups\\\":2", "\\\"groups\\\":4")), "gconv");
        Expect(WithHeader(bytes, header.Replace("\"__metadata__\":{", "\"__metadata__\":{\"extra\":\"x\",")), "unknown key 'extra'");

        var missing = Assert.Throws<QuantizationException>(() => QuantizedNetworkFile.Load(Path.Combine(_dir, "nope.zfq.safetensors")));
        Assert.That(missing!.Message, Does.Contain("nope.zfq.safetensors").And.Contain("does not exist"));
    }

    private static byte[] WithHeader(byte[] bytes, string header)
    {
        ulong oldLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var h = Encoding.UTF8.GetBytes(header.TrimEnd());
        int padded = (h.Length + 7) / 8 * 8;
        var data = bytes.AsSpan(8 + (int)oldLength);
        var result = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        h.CopyTo(result, 8);
        result.AsSpan(8 + h.Length, padded - h.Length).Fill((byte)' ');
        data.CopyTo(result.AsSpan(8 + padded));
        return result;
    }
}
