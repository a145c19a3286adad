namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Unknown devices, bad device files, and designs a device cannot hold.</summary>
[TestFixture]
public sealed class DeviceInputTests : HardeningFixture
{
    [Test]
    public void Unknown_device_lists_the_known_ones() =>
        AssertRefused(["estimate", "--device", "zcu999", "--design", CliRunner.HotNasDesign], "'zcu999'", "zcu102");

    [Test]
    public void Missing_device_file_is_named()
    {
        string file = PathIn("nowhere.yaml");
        AssertRefused(["devices", "--devices", file], $"device file or directory '{file}' does not exist");
    }

    [Test]
    public void Device_file_with_a_yaml_syntax_error_is_named()
    {
        string file = Dir.Write("broken.yaml", Yaml.DeviceSyntaxError);
        AssertRefused(["devices", "--devices", file], file);
    }

    [Test]
    public void Device_file_with_a_list_left_open_names_its_line()
    {
        // A '[' left open with more lines after it: YamlDotNet's scanner reports this without a position.
        string file = Dir.Write("open.yaml", Yaml.CustomDevice.Replace("board: My Board", "board: [My Board", StringComparison.Ordinal));
        AssertRefused(["devices", "--devices", file], file + ":2:8: invalid YAML", "not closed");
    }

    [Test]
    public void Device_file_with_an_unknown_field_is_named()
    {
        string file = Dir.Write("colourful.yaml", Yaml.DeviceUnknownField);
        AssertRefused(["devices", "--devices", file], file, "colour");
    }

    [Test]
    public void Device_file_missing_a_required_field_is_named()
    {
        string file = Dir.Write("no-dsp.yaml", Yaml.DeviceMissingDsp);
        AssertRefused(["devices", "--devices", file], file, "dsp");
    }

    [Test]
    public void Search_config_naming_an_unknown_device_leaves_no_run_folder()
    {
        string config = Dir.Write("search.yaml", Search.SearchConfigs.Tiny().Replace("device: zcu102", "device: zcu999", StringComparison.Ordinal));
        AssertRefused(["search", "--config", config, "--out", PathIn("run")], config, "field 'device'", "'zcu999'", "zcu102");
    }

    [Test]
    public void Design_larger_than_the_device_is_refused_with_the_overflowing_resource() =>
        AssertRefused(["estimate", "--device", "pynq-z2", "--design", CliRunner.HotNasDesign], "does not fit", "DSP");
}
