using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Tests.Training;

[Category("Data")]
public class DistillationTests
{
    private ImageDataset _train = null!;
    private ImageDataset _validation = null!;

    [OneTimeSetUp]
    public void LoadDigits() => (_train, _validation) = SeededSplit.ApplyMnistDefault(NpmMnist.Load());

    [Test]
    public void A_student_equal_to_its_teacher_gets_no_gradient_from_pure_distillation()
    {
        // lenet5 has no batch-norm or dropout, so train and eval mode compute the same logits.
        var checkpoint = ZooCatalogue.Open().Load("mnist_lenet5");
        var options = new TrainingOptions
        {
            MaxBatches = 3, BatchSize = 32, LearningRate = 0.1, Momentum = 0, WeightDecay = 0,
            Distill = new Distillation(checkpoint.Network, checkpoint.Weights, Weight: 1.0),
        };
        var distilled = Trainer.Train(checkpoint.Network, checkpoint.Weights, _train, null, options).Weights;
        foreach (var (key, tensor) in checkpoint.Weights.Entries)
            Assert.That(distilled.Get(key).BitwiseEquals(tensor), Is.True, $"{key} moved although the soft targets are its own");
        var trained = Trainer.Train(checkpoint.Network, checkpoint.Weights, _train, null, options with { Distill = null }).Weights;
        Assert.That(trained.Get("conv1.weight").BitwiseEquals(checkpoint.Weights.Get("conv1.weight")), Is.False, "cross-entropy alone does move it");
    }

    [Test]
    public void Soft_targets_alone_teach_a_fresh_network_the_teachers_answers()
    {
        var teacher = ZooCatalogue.Open().Load("mnist_vgg");
        var student = MnistModels.Create("mnist_lenet5");
        var result = Trainer.Train(student, null, _train, null, new TrainingOptions
        {
            MaxBatches = 150, Seed = 2, Distill = new Distillation(teacher.Network, teacher.Weights, Weight: 1.0),
        });
        var accuracy = Evaluator.Evaluate(student, result.Weights, _validation);
        Assert.That(accuracy.Fraction, Is.GreaterThan(0.85), $"labels were never used, yet {accuracy}");
    }

    [Test]
    public void Distillation_settings_out_of_range_are_refused()
    {
        var checkpoint = ZooCatalogue.Open().Load("mnist_lenet5");
        Assert.Throws<ArgumentException>(() => new TrainingOptions { Distill = new Distillation(checkpoint.Network, checkpoint.Weights, Weight: 1.5) }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingOptions { Distill = new Distillation(checkpoint.Network, checkpoint.Weights, Temperature: 0) }.Validate());
    }
}
