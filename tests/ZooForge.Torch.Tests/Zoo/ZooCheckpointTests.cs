using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Tests.Zoo;

/// <summary>The committed zoo: every architecture is trained, good enough, and its manifest figure reproduces exactly.</summary>
[Category("Data")]
public class ZooCheckpointTests
{
    private ImageDataset _validation = null!;
    private ZooCatalogue _zoo = null!;

    [OneTimeSetUp]
    public void Load()
    {
        (_, _validation) = MnistSplit.Default();
        _zoo = ZooCatalogue.Open();
    }

    [Test]
    public void Every_zoo_architecture_has_a_checkpoint() =>
        Assert.That(_zoo.Manifest.Models.Select(m => m.Name), Is.EquivalentTo(MnistModels.Names));

    [TestCaseSource(typeof(MnistModels), nameof(MnistModels.Names))]
    public void Evaluating_the_checkpoint_reproduces_the_manifest_exactly(string name)
    {
        var entry = _zoo.Entry(name);
        var checkpoint = _zoo.Load(name);
        var accuracy = Evaluator.Evaluate(checkpoint.Network, checkpoint.Weights, _validation, threads: entry.Threads);
        Assert.That(accuracy, Is.EqualTo(new Accuracy(entry.ValidationCorrect, entry.ValidationTotal)));
        Assert.That(entry.ValidationTotal, Is.EqualTo(2000));
        Assert.That(entry.Parameters, Is.EqualTo(checkpoint.Network.ParameterCount));
    }

    [Test]
    public void Every_model_reaches_96_percent_and_the_best_98()
    {
        var accuracies = _zoo.Manifest.Models.ToDictionary(m => m.Name, m => m.ValidationAccuracy);
        Assert.That(accuracies.Values, Has.All.GreaterThanOrEqualTo(0.96), string.Join(", ", accuracies));
        Assert.That(accuracies.Values.Max(), Is.GreaterThanOrEqualTo(0.98));
    }

    [Test]
    public void Every_manifest_command_names_its_model_and_seed()
    {
        foreach (var m in _zoo.Manifest.Models)
            Assert.That(m.Command, Does.StartWith($"zooforge zoo train --model {m.Name} ").And.Contain($"--seed {m.Seed}").And.Contain($"--epochs {m.Epochs}"));
    }

    [Test]
    public void A_corrupted_checkpoint_is_refused_naming_the_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), "zf-zoo-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            foreach (var file in Directory.GetFiles(_zoo.Folder)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var entry = _zoo.Manifest.Models[0];
            string path = Path.Combine(dir, entry.File);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<GraphException>(() => ZooCatalogue.Open(dir).Load(entry.Name));
            Assert.That(e!.Message, Does.Contain(entry.File).And.Contain("corrupt"));
            File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
            e = Assert.Throws<GraphException>(() => ZooCatalogue.Open(dir).Load(entry.Name));
            Assert.That(e!.Message, Does.Contain(entry.File));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_hundred_batch_hot_start_keeps_a_checkpoint_useful()
    {
        var (train, _) = MnistSplit.Default();
        var checkpoint = _zoo.Load("mnist_lenet5");
        var tuned = Trainer.FineTune(checkpoint.Network, checkpoint.Weights, train, 100, TrainingOptions.HotNasFineTune(seed: 1));
        var accuracy = Evaluator.Evaluate(checkpoint.Network, tuned.Weights, _validation);
        Assert.That(accuracy.Fraction, Is.GreaterThan(0.95), accuracy.ToString());
    }
}
