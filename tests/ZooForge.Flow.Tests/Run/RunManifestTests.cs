using ZooForge.Flow.Run;
using ZooForge.TestSupport;

namespace ZooForge.Flow.Tests.Run;

/// <summary><c>run.json</c>: typed step records on disk as readable names, a passed step found only for the same inputs.</summary>
public class RunManifestTests
{
    [Test]
    public void Steps_round_trip_with_their_status_and_fingerprint_as_names_on_disk()
    {
        using var folder = new TempFolder();
        string path = folder.Combine(RunManifest.FileName);
        var manifest = new RunManifest();
        manifest.Record(new RunStepRecord(RunStepName.Search, RunStepStatus.Passed, 1.5, ""));
        manifest.Record(new RunStepRecord(RunStepName.Check, RunStepStatus.Failed, 2, "abc"));
        manifest.Record(new RunStepRecord(RunStepName.Check, RunStepStatus.Passed, 3, "def"));
        manifest.Save(path);

        string text = File.ReadAllText(path);
        var loaded = RunManifest.Load(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("\"name\": \"check\"").And.Contain("\"status\": \"passed\"").And.Not.Contain("\"status\": 0"));
            Assert.That(loaded.Steps, Has.Count.EqualTo(2), "the latest record of a step replaces the earlier one");
            Assert.That(loaded.Passed(RunStepName.Check, "def")?.Seconds, Is.EqualTo(3));
            Assert.That(loaded.Passed(RunStepName.Check, "abc"), Is.Null, "other inputs: the step is redone");
            Assert.That(loaded.Passed(RunStepName.Report, ""), Is.Null);
        }
    }

    [Test]
    public void A_manifest_written_before_the_typed_steps_still_loads()
    {
        using var folder = new TempFolder();
        string path = folder.Write(RunManifest.FileName,
            "{\"format\": \"zooforge-run/1\", \"steps\": [{\"name\": \"check\", \"status\": \"passed\", \"seconds\": 4, \"fingerprint\": \"f\"}]}");
        Assert.That(RunManifest.Load(path).Passed(RunStepName.Check, "f"), Is.Not.Null);
    }

    [TestCase("{\"format\": \"other/1\", \"steps\": []}", "not a zooforge run manifest")]
    [TestCase("{\"format\": ", "corrupt run manifest")]
    public void A_foreign_or_corrupt_manifest_is_refused_naming_the_file(string text, string message)
    {
        using var folder = new TempFolder();
        string path = folder.Write(RunManifest.FileName, text);
        var e = Assert.Throws<UserInputException>(() => RunManifest.Load(path))!;
        Assert.That(e.Message, Does.StartWith(path).And.Contain(message));
    }
}
