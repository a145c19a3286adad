using ZooForge.Flow.Run;
using ZooForge.TestSupport;

namespace ZooForge.Flow.Tests.Run;

/// <summary>
/// The pipeline's refusals, before anything is written (the whole pipeline on real designs is
/// exercised by the CLI's run tests and by CI's main job).
/// </summary>
public class RunPipelineTests
{
    [TestCase(0, null, "--budget must be at least 1, got 0")]
    [TestCase(null, 0, "--workers must be at least 1, got 0")]
    public void Options_out_of_range_are_refused_before_the_folder_exists(int? budget, int? workers, string message)
    {
        using var folder = new TempFolder();
        string run = folder.Combine("run");
        var e = Assert.Throws<UserInputException>(() => RunPipeline.Execute(new RunRequest { Folder = run, Budget = budget, Workers = workers }, RunObserver.Silent))!;
        Assert.That(e.Message, Is.EqualTo(message));
        Assert.That(Directory.Exists(run), Is.False);
    }

    [Test]
    public void A_folder_holding_something_else_is_refused_and_left_untouched()
    {
        using var folder = new TempFolder();
        string mine = folder.Write("notes.txt", "keep me");
        var e = Assert.Throws<UserInputException>(() => RunPipeline.Execute(new RunRequest { Folder = folder.Path }, RunObserver.Silent))!;
        Assert.That(e.Message, Does.Contain("is not a zooforge run folder"));
        Assert.That(Directory.GetFileSystemEntries(folder.Path), Is.EqualTo(new[] { mine }));
        Assert.That(File.ReadAllText(mine), Is.EqualTo("keep me"));
    }

    [Test]
    public void An_unknown_strategy_is_refused_before_the_folder_exists()
    {
        using var folder = new TempFolder();
        string run = folder.Combine("run");
        var e = Assert.Throws<UserInputException>(() => RunPipeline.Execute(new RunRequest { Folder = run, Strategy = "annealing" }, RunObserver.Silent))!;
        Assert.That(e.Message, Does.Contain("annealing"));
        Assert.That(Directory.Exists(run), Is.False);
    }
}
