namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Bad <c>design.yaml</c> files given to <c>emit</c> and <c>check</c>: refused naming the file and field, before any output folder exists.</summary>
[TestFixture]
public sealed class DesignInputTests : HardeningFixture
{
    private string[] Emit(string design) => ["emit", "--design", design, "--out", PathIn("hls"), "--images", "0"];

    [Test]
    public void Malformed_yaml_names_line_and_column()
    {
        // A '{' left open across lines (YamlDotNet's scanner reports this one without a position).
        string design = WriteDesign(t => Replace(t, "tk: 5}", "tk: 5"));
        AssertRefused(Emit(design), design + ":7:7: invalid YAML", "not closed");
    }

    [Test]
    public void Wrong_kind_of_value_names_line_and_field()
    {
        string design = WriteDesign(t => Replace(t, "conv: {tm: 32, tn: 16, tr: 14, tc: 14, tk: 5}", "conv: 32"));
        AssertRefused(Emit(design), design + ":7:", "{key: value} mapping");
    }

    [Test]
    public void Unknown_field_is_named_with_the_known_ones()
    {
        string design = WriteDesign(t => t + "colour: red\n");
        AssertRefused(Emit(design), design + ":", "unknown field 'colour'", "known fields");
    }

    [Test]
    public void Missing_field_is_named()
    {
        string design = WriteDesign(t => string.Join('\n', t.Split('\n').Where(line => !line.StartsWith("ports:", StringComparison.Ordinal))));
        AssertRefused(Emit(design), design + ":", "missing required field", "'ports'");
    }

    [Test]
    public void Out_of_range_tiling_names_the_field()
    {
        string design = WriteDesign(t => Replace(t, "conv: {tm: 32,", "conv: {tm: 0,"));
        AssertRefused(Emit(design), design, "field 'conv.tm'", "must be in 1..4096, got 0");
    }

    [Test]
    public void Missing_network_file_is_named_by_emit()
    {
        string design = WriteDesign(t => t.Replace(Path.Combine(ShippedDesignFolder, "network.zfq.safetensors"), PathIn("gone.zfq.safetensors"), StringComparison.Ordinal));
        AssertRefused(Emit(design), design, "field 'network'", "gone.zfq.safetensors", "does not exist");
    }

    [Test]
    public void Missing_network_file_is_named_by_check()
    {
        string design = WriteDesign(t => t.Replace(Path.Combine(ShippedDesignFolder, "network.zfq.safetensors"), PathIn("gone.zfq.safetensors"), StringComparison.Ordinal));
        AssertRefused(["check", "--design", design, "--out", PathIn("check")], design, "field 'network'", "gone.zfq.safetensors");
    }

    [Test]
    public void Unknown_device_is_named_with_the_field()
    {
        string design = WriteDesign(t => Replace(t, "device: zcu102", "device: zcu999"));
        AssertRefused(Emit(design), design, "field 'device'", "'zcu999'", "zcu102");
    }

    [Test]
    public void Data_bits_differing_from_the_network_are_refused_by_check()
    {
        string design = WriteDesign(t => Replace(t, "data_bits: 8", "data_bits: 12"));
        AssertRefused(["check", "--design", design, "--out", PathIn("check")], design, "field 'data_bits'", "8-bit");
    }

    [Test]
    public void Missing_design_file_is_named()
    {
        string design = PathIn("nowhere", "design.yaml");
        AssertRefused(Emit(design), $"design file '{design}' does not exist");
    }
}
