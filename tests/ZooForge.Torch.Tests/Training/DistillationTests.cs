using ZooForge.Core.Errors;
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
    public void LoadDigits() => (_train, _validation) = MnistSplit.Default();

    [Test]
    public void A_student_equal_to_its_teacher_barely_moves_under_pure_distillation()
    {
        // lenet5 has no batch-norm or dropout, so train and eval mode compute the same logits and
        // the soft-target gradient is zero up to rounding (exp(log_softmax) against softmax).
        var checkpoint = ZooCatalogue.Open().Load("mnist_lenet5");
        var options = new TrainingOptions
        {
            MaxBatches = 3, BatchSize = 32, LearningRate = 0.1, Momentum = 0, WeightDecay = 0,
            Distill = new Distillation(checkpoint.Network, checkpoint.Weights, Weight: 1.0),
        };
        var distilled = Trainer.Train(checkpoint.Network, checkpoint.Weights, _train, null, options).Weights;
        var trained = Trainer.Train(checkpoint.Network, checkpoint.Weights, _train, null, options with { Distill = null }).Weights;
        double moveDistilled = 0, moveTrained = 0;
        foreach (var (key, start) in checkpoint.Weights.Entries)
            for (int i = 0; i < start.Data.Length; i++)
            {
                moveDistilled = Math.Max(moveDistilled, Math.Abs(distilled.Get(key).Data[i] - start.Data[i]));
                moveTrained = Math.Max(moveTrained, Math.Abs(trained.Get(key).Data[i] - start.Data[i]));
            }
        Assert.That(moveTrained, Is.GreaterThan(1e-4), "cross-entropy does move the weights");
        Assert.That(moveDistilled, Is.LessThan(1e-3 * moveTrained), $"largest move {moveDistilled:G3} with its own soft targets, {moveTrained:G3} with labels");
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
        Assert.Throws<InvalidInputException>(() => new TrainingOptions { Distill = new Distillation(checkpoint.Network, checkpoint.Weights, Weight: 1.5) }.Validate());
        Assert.Throws<InvalidInputException>(() => new TrainingOptions { Distill = new Distillation(checkpoint.Network, checkpoint.Weights, Temperature: 0) }.Validate());
    }
}
