using System.Buffers.Binary;
using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Graph.Tests.Serialization;

public class ModelFileTests
{
    private static NetworkWeights RandomWeights(Network network, int seed)
    {
        var random = new Random(seed);
        var weights = new NetworkWeights();
        foreach (var (key, shape) in NetworkWeights.Expected(network))
        {
            var data = new float[shape.Aggregate(1, (a, d) => a * d)];
            for (int i = 0; i < data.Length; i++) data[i] = key.EndsWith("running_var") ? 1f + i % 3 : (float)random.NextDouble() - 0.5f;
            weights.Set(key, new WeightTensor(shape, data));
        }
        return weights;
    }

    private static (Network, NetworkWeights, byte[]) Sample()
    {
        var network = MnistModels.Create("mnist_resnet");
        var weights = RandomWeights(network, 42);
        return (network, weights, ModelFile.ToBytes(network, weights, new Dictionary<string, string> { ["note"] = "test" }));
    }

    [Test]
    public void Round_trip_keeps_graph_weights_and_metadata()
    {
        var (network, weights, bytes) = Sample();
        var back = ModelFile.FromBytes(bytes, "m.zfm.safetensors");
        Assert.That(GraphJson.Write(back.Network), Is.EqualTo(GraphJson.Write(network)));
        foreach (var (key, tensor) in weights.Entries)
            Assert.That(back.Weights.Get(key).BitwiseEquals(tensor), Is.True, key);
        Assert.That(back.Metadata["note"], Is.EqualTo("test"));
    }

    [Test]
    public void Serialization_is_deterministic()
    {
        var (network, weights, bytes) = Sample();
        Assert.That(ModelFile.ToBytes(network, weights, new Dictionary<string, string> { ["note"] = "test" }), Is.EqualTo(bytes));
    }

    [Test]
    public void The_layout_is_safetensors()
    {
        var (_, _, bytes) = Sample();
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.That(headerLength % 8, Is.Zero);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.That(header, Does.StartWith("{\"__metadata__\"").And.Contain("\"dtype\":\"F32\"").And.Contain("\"conv1.weight\""));
    }

    [TestCase(4, "truncated")]
    [TestCase(100, "header length")]
    public void Truncated_files_are_reported(int keep, string expected)
    {
        var (_, _, bytes) = Sample();
        var e = Assert.Throws<GraphException>(() => ModelFile.FromBytes(bytes[..keep], "cut.zfm.safetensors"));
        Assert.That(e!.Message, Does.StartWith("cut.zfm.safetensors").And.Contain(expected));
    }

    [Test]
    public void Corrupted_tensor_data_fails_the_checksum()
    {
        var (_, _, bytes) = Sample();
        bytes[^10] ^= 0x40;
        var e = Assert.Throws<GraphException>(() => ModelFile.FromBytes(bytes, "flip.zfm.safetensors"));
        Assert.That(e!.Message, Does.Contain("checksum"));
    }

    [Test]
    public void Missing_data_at_the_end_is_reported()
    {
        var (_, _, bytes) = Sample();
        var e = Assert.Throws<GraphException>(() => ModelFile.FromBytes(bytes[..^400], "short.zfm.safetensors"));
        Assert.That(e!.Message, Does.StartWith("short.zfm.safetensors"));
    }

    [Test]
    public void Save_is_atomic_and_Load_reads_it_back()
    {
        var (network, weights, _) = Sample();
        string dir = Path.Combine(Path.GetTempPath(), "zf-modelfile-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(dir, "m.zfm.safetensors");
            ModelFile.Save(path, network, weights);
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1), "no temporary file left behind");
            Assert.That(ModelFile.Load(path).Weights.Count, Is.EqualTo(weights.Count));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Weights_that_do_not_fit_the_network_are_refused_on_save()
    {
        var (network, weights, _) = Sample();
        weights.Set("fc.weight", new WeightTensor([10, 63], new float[630]));
        var e = Assert.Throws<GraphException>(() => ModelFile.ToBytes(network, weights));
        Assert.That(e!.Message, Does.Contain("fc.weight").And.Contain("[10,64]"));
    }

    [Test]
    public void Non_finite_weights_are_refused()
    {
        var (network, weights, _) = Sample();
        weights.Get("conv1.weight").Data[3] = float.NaN;
        // Its own type, so the search records such a trial as failed; still a GraphException for every other caller.
        var e = Assert.Throws<NonFiniteValueException>(() => weights.Validate(network));
        Assert.That(e, Is.InstanceOf<GraphException>());
        Assert.That(e!.Message, Does.Contain("conv1.weight").And.Contain("non-finite"));
    }

    [Test]
    public void Unknown_tensors_are_refused()
    {
        var (network, weights, _) = Sample();
        weights.Set("ghost.weight", new WeightTensor([1], [0f]));
        var e = Assert.Throws<GraphException>(() => weights.Validate(network));
        Assert.That(e!.Message, Does.Contain("ghost.weight"));
    }
}
