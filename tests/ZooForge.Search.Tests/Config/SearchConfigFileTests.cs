using ZooForge.Search.Config;
using ZooForge.Search.Space;

namespace ZooForge.Search.Tests.Config;

public class SearchConfigFileTests
{
    private static string Error(string yaml) => Assert.Throws<SearchConfigException>(() => TestSearch.Parse(yaml))!.Message;

    [Test]
    public void Parses_genes_expressions_and_settings()
    {
        var config = TestSearch.Parse(TestSearch.Yaml(
            genes: "  patterns: [0, 4]\n  bits: [8, 4]\n  layers:\n    - {model: mnist_resnet, layer: layer3.0.conv1, cut: [0, 0.5], expand: [0, 1]}\n",
            extra: "reward: {alpha: 0.5}\nevaluation: {fine_tune_batches: 3, validation_images: 100}\nbudget: 7\n"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.Space.Genes.Select(g => g.Name), Is.EqualTo(new[]
                { "model", "patterns", "bits", "cut[mnist_resnet/layer3.0.conv1]", "expand[mnist_resnet/layer3.0.conv1]" }));
            Assert.That(config.Reward.Alpha, Is.EqualTo(0.5));
            Assert.That(config.Evaluation, Is.EqualTo(new EvaluationSettings(3, 100, 512)));
            Assert.That(config.Budget, Is.EqualTo(7));
            Assert.That(config.MaxLogicUtilisation, Is.EqualTo(1.0), "no cap unless asked for");
            Assert.That(config.Constraints.Single().Text, Is.EqualTo("latency_ms <= 1"));
        }
    }

    [Test]
    public void Fine_tune_learning_rate_and_gradient_clip_are_read_and_default_when_absent()
    {
        var set = TestSearch.Parse(TestSearch.Yaml(extra: "evaluation: {fine_tune_batches: 3, learning_rate: 0.002, gradient_clip: 2.5}\n"));
        var off = TestSearch.Parse(TestSearch.Yaml(extra: "evaluation: {gradient_clip: 0}\n"));
        var absent = TestSearch.Parse(TestSearch.Yaml());
        using (Assert.EnterMultipleScope())
        {
            Assert.That((set.Evaluation.LearningRate, set.Evaluation.GradientClip), Is.EqualTo((0.002, (double?)2.5)));
            Assert.That(off.Evaluation.GradientClip, Is.Null, "0 turns clipping off");
            Assert.That((absent.Evaluation.LearningRate, absent.Evaluation.GradientClip), Is.EqualTo((EvaluationSettings.DefaultLearningRate, (double?)EvaluationSettings.DefaultGradientClip)));
        }
    }

    [TestCase("learning_rate: 0", "evaluation.learning_rate", "must be a positive number, got 0")]
    [TestCase("learning_rate: -1", "evaluation.learning_rate", "must be a positive number")]
    [TestCase("gradient_clip: -2", "evaluation.gradient_clip", "must be a non-negative number (0: no clipping), got -2")]
    [TestCase("learning_rate: fast", "evaluation.learning_rate", "")]
    public void Invalid_fine_tune_settings_name_the_field_and_line(string field, string name, string expected)
    {
        string message = Error(TestSearch.Yaml(extra: $"evaluation: {{{field}}}\n"));
        Assert.That(message, Does.StartWith("test.yaml:"));
        Assert.That(message, Does.Contain(name));
        Assert.That(message, Does.Contain(expected));
    }

    [Test]
    public void Unknown_gene_is_an_error_naming_it_and_its_line()
    {
        string message = Error(TestSearch.Yaml(genes: "  bits: [8]\n  sparsity: [1]\n"));
        Assert.That(message, Does.StartWith("test.yaml:8:"));
        Assert.That(message, Does.Contain("unknown gene 'sparsity'"));
    }

    [Test]
    public void Unknown_layer_is_an_error_listing_the_models_convolutions()
    {
        string message = Error(TestSearch.Yaml(genes: "  layers:\n    - {model: mnist_resnet, layer: layer9.conv, cut: [0, 0.5]}\n"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.StartWith("test.yaml:8:"));
            Assert.That(message, Does.Contain("field 'genes.layers[0].layer'"));
            Assert.That(message, Does.Contain("mnist_resnet has no convolution 'layer9.conv'"));
            Assert.That(message, Does.Contain("layer1.0.conv1"));
        }
    }

    [Test]
    public void Layer_gene_of_a_model_outside_the_zoo_is_an_error() =>
        Assert.That(Error(TestSearch.Yaml(genes: "  layers:\n    - {model: mnist_vgg, layer: features.0, cut: [0, 0.5]}\n")),
            Does.Contain("'mnist_vgg' is not in 'zoo'"));

    [Test]
    public void Unknown_zoo_model_is_an_error() =>
        Assert.That(Error(TestSearch.Yaml().Replace("mnist_lenet5", "mnist_alexnet")), Does.Contain("unknown zoo model 'mnist_alexnet'"));

    [Test]
    public void Unknown_field_in_a_layer_gene_is_an_error() =>
        Assert.That(Error(TestSearch.Yaml(genes: "  layers:\n    - {model: mnist_resnet, layer: conv1, cut: [0], prune: [1]}\n")),
            Does.Contain("field 'genes.layers[0].prune': unknown field"));

    [Test]
    public void Invalid_expression_is_rejected_with_its_position()
    {
        string message = Error(TestSearch.Yaml(constraints: "[\"latency_ms <= Environment.Exit(1)\"]"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.StartWith("test.yaml:11:"));
            Assert.That(message, Does.Contain("field 'constraints[0]'"));
            Assert.That(message, Does.Contain("'Environment' at column 15"));
        }
    }

    [TestCase("  bits: [16]\n", "value 16 is not an integer in 2..8")]
    [TestCase("  zeros: [0]\n", "value 0 is not an integer in 1..8")]
    [TestCase("  bits: [8, 8]\n", "listed twice")]
    [TestCase("  bits: []\n", "non-empty list")]
    [TestCase("  layers:\n    - {model: mnist_resnet, layer: conv1, cut: [1.0]}\n", "not a ratio in [0, 1)")]
    [TestCase("  layers:\n    - {model: mnist_resnet, layer: conv1}\n", "needs a 'cut' or 'expand' gene")]
    public void Out_of_range_gene_values_are_errors(string genes, string fragment) =>
        Assert.That(Error(TestSearch.Yaml(genes: genes)), Does.Contain(fragment));

    [TestCase("colour: red\n", "field 'colour': unknown field")]
    [TestCase("budget: 0\n", "field 'budget': must be at least 1")]
    [TestCase("name: t\n", "uplicate")]
    [TestCase("max_logic_utilisation: 1.5\n", "field 'max_logic_utilisation': must be in (0, 1], got 1.5")]
    [TestCase("max_logic_utilisation: 0\n", "field 'max_logic_utilisation': must be in (0, 1], got 0")]
    public void Top_level_errors_name_the_field(string extra, string fragment) =>
        Assert.That(Error(TestSearch.Yaml(extra: extra)), Does.Contain(fragment));

    [Test]
    public void Logic_utilisation_cap_is_read() =>
        Assert.That(TestSearch.Parse(TestSearch.Yaml(extra: "max_logic_utilisation: 0.8\n")).MaxLogicUtilisation, Is.EqualTo(0.8));

    [Test]
    public void Wrong_format_is_an_error() =>
        Assert.That(Error(TestSearch.Yaml().Replace("zooforge-search/1", "zooforge-search/2")), Does.Contain("field 'format': expected 'zooforge-search/1'"));

    [Test]
    public void Missing_required_field_is_an_error() =>
        Assert.That(Error(TestSearch.Yaml().Replace("device: zcu102\n", "")), Does.Contain("field 'device' is required"));

    [Test]
    public void Fastest_candidates_take_the_most_compressing_values()
    {
        var config = TestSearch.Parse(TestSearch.Yaml(genes: "  patterns: [0, 4]\n  zeros: [1, 3]\n  bits: [8, 4]\n  layers:\n    - {model: mnist_resnet, layer: layer3.0.conv1, cut: [0, 0.5], expand: [0, 1]}\n"));
        Assert.That(config.Space.FastestPerModel().Select(c => c.Key), Is.EqualTo(new[]
        {
            "model=mnist_lenet5;patterns=4;zeros=3;bits=4",
            "model=mnist_resnet;patterns=4;zeros=3;bits=4;cut[layer3.0.conv1]=0.5",
        }));
    }

    [Test]
    public void Genes_that_do_not_apply_are_normalised_so_equal_networks_share_a_key()
    {
        var space = TestSearch.Parse(TestSearch.Yaml(genes: "  patterns: [0, 4]\n  zeros: [1, 3]\n  layers:\n    - {model: mnist_resnet, layer: conv1, cut: [0, 0.5]}\n")).Space;
        // lenet with different zeros/cut choices, patterns off: the same network.
        var a = space.Create([0, 0, 0, 0]);
        var b = space.Create([0, 0, 1, 1]);
        Assert.That(a.Key, Is.EqualTo(b.Key));
        Assert.That(a.Key, Is.EqualTo("model=mnist_lenet5;patterns=0;bits=8"));
        Assert.That(space.Create([1, 1, 1, 1]).Key, Is.EqualTo("model=mnist_resnet;patterns=4;zeros=3;bits=8;cut[conv1]=0.5"));
    }
}
