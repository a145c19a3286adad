using ZooForge.Cli.Tests.Search;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Bad search configurations (<c>zooforge search --config</c>): refused before any run folder exists.</summary>
[TestFixture]
public sealed class ConfigurationInputTests : HardeningFixture
{
    private string Config(string text) => Dir.Write("search.yaml", text);

    private string[] Search(string config) => ["search", "--config", config, "--out", PathIn("run")];

    [Test]
    public void Malformed_yaml_names_file_and_line()
    {
        string config = Config(Replace(SearchConfigs.Tiny(), "zoo: [mnist_lenet5]", "zoo: [mnist_lenet5"));
        AssertRefused(Search(config), config + ":5:6: invalid YAML", "not closed");
    }

    [Test]
    public void Unknown_key_is_named_with_its_line()
    {
        string config = Config(SearchConfigs.Tiny() + "\ncolour: red\n");
        AssertRefused(Search(config), config + ":", "colour");
    }

    [Test]
    public void Bad_constraint_expression_names_its_column()
    {
        string config = Config(SearchConfigs.Tiny("latency_ms <= System.Math.PI"));
        AssertRefused(Search(config), config + ":11:", "constraints[0]", "'System' at column 15");
    }

    [Test]
    public void Impossible_constraint_is_refused_before_training_and_leaves_no_run_folder()
    {
        string config = Config(SearchConfigs.Tiny("latency_ms <= 0.00001"));
        AssertRefused(Search(config), "infeasible specification", "latency_ms <= 0.00001", "closest design");
    }

    [Test]
    public void Out_of_range_budget_in_the_file_is_named()
    {
        string config = Config(SearchConfigs.Tiny(budget: 0));
        AssertRefused(Search(config), config + ":", "budget");
    }

    [Test]
    public void Logic_utilisation_cap_above_one_is_named()
    {
        string config = Config(SearchConfigs.Tiny() + "\nmax_logic_utilisation: 1.2\n");
        AssertRefused(Search(config), config + ":", "max_logic_utilisation", "(0, 1]");
    }

    [Test]
    public void Missing_config_file_is_named()
    {
        string config = PathIn("nowhere.yaml");
        AssertRefused(Search(config), config, "does not exist");
    }

    [Test]
    public void Malformed_design_space_file_is_named()
    {
        string space = Dir.Write("space.yaml", Yaml.SpaceSyntaxError);
        AssertRefused(["dse", "--model", "resnet18", "--space", space], space);
    }

    [Test]
    public void Design_space_file_with_a_list_left_open_names_its_line()
    {
        string space = Dir.Write("space.yaml", Replace(Yaml.SmallSpace, "tm: [40, 70, 100]", "tm: [40, 70, 100"));
        AssertRefused(["dse", "--model", "resnet18", "--space", space], space + ":2:5: invalid YAML", "not closed");
    }
}
