namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Bad accelerator files, unknown dataflows, models and layers, and layers no mapping fits, for <c>asic</c>.</summary>
[TestFixture]
public sealed class AsicInputTests : HardeningFixture
{
    private const string Accelerator = "name: small\npes: 64\nl1_bytes: 512\nl2_kb: 64\nnoc: { bandwidth: 16 }\noff_chip_bandwidth: 8\nclock_mhz: 200\n";

    [Test]
    public void Accelerator_file_with_a_list_left_open_names_its_line()
    {
        string file = Dir.Write("open.yaml", Accelerator.Replace("noc: { bandwidth: 16 }", "noc: { bandwidth: 16", StringComparison.Ordinal));
        AssertRefused(["asic", "estimate", "--hw", file], file + ":5:", "invalid YAML");
    }

    [Test]
    public void Accelerator_file_with_an_unknown_field_is_named()
    {
        string file = Dir.Write("extra.yaml", Accelerator + "voltage: 0.9\n");
        AssertRefused(["asic", "estimate", "--hw", file], file + ":8:1", "unknown field 'voltage'");
    }

    [Test]
    public void Accelerator_file_with_an_out_of_range_value_is_named()
    {
        string file = Dir.Write("zero.yaml", Accelerator.Replace("noc: { bandwidth: 16 }", "noc: { bandwidth: 0 }", StringComparison.Ordinal));
        AssertRefused(["asic", "map", "--layer", "conv1", "--hw", file], file + ":5:", "field 'noc.bandwidth'", "got 0");
    }

    [Test]
    public void Unknown_accelerator_lists_the_built_ins() =>
        AssertRefused(["asic", "estimate", "--hw", "nowhere.yaml"], "'nowhere.yaml' is neither a file nor a built-in", "eyeriss-like");

    [Test]
    public void Unknown_dataflow_lists_the_known_ones() =>
        AssertRefused(["asic", "estimate", "--dataflow", "zz"], "--dataflow: unknown dataflow 'zz'", "rs (row-stationary)");

    [Test]
    public void Unknown_layer_lists_some_layers() =>
        AssertRefused(["asic", "map", "--model", "mobilenet_v2", "--layer", "features.99"], "--layer", "'features.99'", "features.0.0");

    [Test]
    public void Layer_that_no_mapping_fits_names_the_buffer()
    {
        string file = Dir.Write("tiny.yaml", Accelerator.Replace("l1_bytes: 512", "l1_bytes: 8", StringComparison.Ordinal));
        AssertRefused(["asic", "estimate", "--hw", file, "--dataflow", "os"], "no os mapping of layer 'conv1' fits 'small'", "of L1 per PE");
    }
}
