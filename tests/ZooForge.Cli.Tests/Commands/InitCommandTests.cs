using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Search.Config;

namespace ZooForge.Cli.Tests.Commands;

public class InitCommandTests : ScratchFolderFixture
{
    [Test]
    public void Init_writes_the_commented_default_configuration_which_parses_to_the_default_search()
    {
        string path = Path.Combine(ScratchFolder, "zooforge.yaml");
        var result = CliRunner.Run("init", "--out", path);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        string text = File.ReadAllText(path);
        Assert.That(text, Is.EqualTo(SearchConfigFile.DefaultText));
        var comments = text.Split('\n').Count(l => l.TrimStart().StartsWith('#'));
        Assert.That(comments, Is.GreaterThanOrEqualTo(20), "every field is explained");
        var config = SearchConfigFile.Parse(text, path, MnistModels.Create);
        Assert.That(config.Name, Is.EqualTo("mnist_zcu102"));
        Assert.That(config.Budget, Is.EqualTo(36));
    }

    [Test]
    public void Init_with_force_replaces_the_file()
    {
        string path = Path.Combine(ScratchFolder, "zooforge.yaml");
        File.WriteAllText(path, "mine");
        Assert.That(CliRunner.Run("init", "--out", path, "--force").Code, Is.Zero);
        Assert.That(File.ReadAllText(path), Is.EqualTo(SearchConfigFile.DefaultText));
    }
}
