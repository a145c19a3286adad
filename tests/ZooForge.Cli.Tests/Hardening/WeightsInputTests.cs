using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Weights that do not fit or are damaged: state_dicts of another architecture, corrupt zoo checkpoints and manifests.</summary>
[TestFixture]
public sealed class WeightsInputTests : HardeningFixture
{
    /// <summary>A copy of the shipped zoo in the scratch folder.</summary>
    private string CopyZoo() => CopyFolder(ZooCatalogue.DefaultFolder, "zoo");

    [Test]
    public void State_dict_of_another_architecture_is_named_with_the_mismatch()
    {
        string pth = PathIn("squeezenet.pth");
        Commands.ImportCommandTests.SaveStateDict(pth, BuiltinModels.Create("squeezenet1_1"), 1);
        AssertRefused(["import", pth, "--arch", "mnasnet0_5", "--out", PathIn("m" + ModelFile.Extension)], pth, "does not match mnasnet0_5");
    }

    [Test]
    public void Corrupt_zoo_checkpoint_is_named_with_its_checksum()
    {
        string zoo = CopyZoo();
        string checkpoint = Path.Combine(zoo, "mnist_lenet5" + ModelFile.Extension);
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[^10] ^= 0x5a;
        File.WriteAllBytes(checkpoint, bytes);
        AssertRefused(["compress", "--model", "mnist_lenet5", "--zoo", zoo, "--out", PathIn("c.zfq.safetensors")], checkpoint, "corrupt", "SHA-256");
    }

    [Test]
    public void Missing_zoo_checkpoint_is_named()
    {
        string zoo = CopyZoo();
        string checkpoint = Path.Combine(zoo, "mnist_vgg" + ModelFile.Extension);
        File.Delete(checkpoint);
        AssertRefused(["compress", "--model", "mnist_vgg", "--zoo", zoo, "--out", PathIn("c.zfq.safetensors")], checkpoint, "missing");
    }

    [Test]
    public void Zoo_manifest_that_is_not_json_is_named()
    {
        string zoo = CopyZoo();
        string manifest = Path.Combine(zoo, ZooManifest.FileName);
        File.WriteAllText(manifest, "{ \"format\": \"zooforge-zoo/1\", \"models\": [ ");
        AssertRefused(["zoo", "list", "--zoo", zoo], manifest, "invalid zoo manifest");
    }

    [Test]
    public void Unknown_zoo_model_lists_the_known_ones() =>
        AssertRefused(["compress", "--model", "mnist_alexnet", "--out", PathIn("c.zfq.safetensors")], "'mnist_alexnet'", "mnist_lenet5");
}
