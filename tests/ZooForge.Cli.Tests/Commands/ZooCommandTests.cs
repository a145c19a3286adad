using ZooForge.TestSupport;
using System.Text.Json;
using ZooForge.Graph.Zoo;

namespace ZooForge.Cli.Tests.Commands;

[Category("Data")]
public class ZooCommandTests
{
    [Test]
    public void List_shows_every_architecture_with_its_accuracy_and_command()
    {
        var result = CliRunner.Run("zoo", "list");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        foreach (var name in Graph.Zoo.Mnist.MnistModels.Names)
            Assert.That(result.Stdout, Does.Contain(name));
        Assert.That(result.Stdout, Does.Contain("zooforge zoo train --model mnist_resnet"));
    }

    [Test]
    public void List_json_is_the_manifest()
    {
        var json = CliRunner.RunJson("zoo", "list", "--json");
        Assert.That(json.GetProperty("models").GetArrayLength(), Is.EqualTo(5));
        Assert.That(json.GetProperty("format").GetString(), Is.EqualTo(ZooManifest.CurrentFormat));
    }

    [Test]
    public void Eval_reproduces_the_manifest_for_one_model()
    {
        var json = CliRunner.RunJson("zoo", "eval", "--model", "mnist_lenet5", "--json");
        var row = json[0];
        var entry = ZooCatalogue.Open().Entry("mnist_lenet5");
        Assert.That(row.GetProperty("correct").GetInt32(), Is.EqualTo(entry.ValidationCorrect));
        Assert.That(row.GetProperty("reproduced").GetBoolean(), Is.True);
    }

    [Test]
    public void Eval_with_a_corrupt_checkpoint_fails_naming_the_file()
    {
        using var dir = new TempFolder();
        foreach (var file in Directory.GetFiles(ZooCatalogue.DefaultFolder))
            File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        string checkpoint = Path.Combine(dir.Path, "mnist_vgg.zfm.safetensors");
        var bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes[..(bytes.Length / 2)]);
        var result = CliRunner.Run("zoo", "eval", "--model", "mnist_vgg", "--zoo", dir.Path);
        CliRunner.AssertBadInput(result, "mnist_vgg.zfm.safetensors", "corrupt");
    }

    [Test]
    public void Unknown_zoo_model_is_named()
    {
        CliRunner.AssertBadInput(CliRunner.Run("zoo", "eval", "--model", "mnist_alexnet"), "mnist_alexnet");
        CliRunner.AssertBadInput(CliRunner.Run("zoo", "train", "--model", "mnist_alexnet", "--out", Path.GetTempPath()), "mnist_alexnet");
    }

    [Test]
    public void Train_refuses_to_replace_a_checkpoint_without_force()
    {
        using var dir = new TempFolder();
        string existing = Path.Combine(dir.Path, "mnist_lenet5.zfm.safetensors");
        File.WriteAllText(existing, "keep me");
        var result = CliRunner.Run("zoo", "train", "--model", "mnist_lenet5", "--out", dir.Path, "--epochs", "1");
        CliRunner.AssertBadInput(result, "--force");
        Assert.That(File.ReadAllText(existing), Is.EqualTo("keep me"));
    }

    [Test]
    public void Train_writes_a_checkpoint_and_a_manifest_entry()
    {
        using var dir = new TempFolder();
        var result = CliRunner.Run("zoo", "train", "--model", "mnist_lenet5", "--out", dir.Path, "--epochs", "1", "--batch-size", "128");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var zoo = ZooCatalogue.Open(dir.Path);
        var entry = zoo.Entry("mnist_lenet5");
        Assert.That(entry.Epochs, Is.EqualTo(1));
        Assert.That(entry.Command, Does.Contain("--epochs 1").And.Contain("--batch-size 128"));
        Assert.That(zoo.Load("mnist_lenet5").Weights.Count, Is.GreaterThan(0));
    }

    [Test]
    public void Missing_data_names_the_fetch_command()
    {
        using var dir = new TempFolder();
        string? previous = Environment.GetEnvironmentVariable("ZOOFORGE_DATA");
        Environment.SetEnvironmentVariable("ZOOFORGE_DATA", dir.Path);
        try
        {
            var result = CliRunner.Run("zoo", "eval", "--model", "mnist_lenet5");
            CliRunner.AssertBadInput(result, "zooforge data fetch");
        }
        finally
        {
            Environment.SetEnvironmentVariable("ZOOFORGE_DATA", previous);
        }
    }
}
