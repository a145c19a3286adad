using System.Diagnostics.CodeAnalysis;

namespace ZooForge.Hardware.Devices;

/// <summary>
/// The set of FPGA devices known to the toolchain: the built-in catalogue (YAML files embedded
/// in this assembly) plus, optionally, user YAML files.
/// </summary>
/// <remarks>
/// <para>
/// Each YAML file describes one device with the snake_case keys <c>name</c>, <c>board</c>,
/// <c>part</c>, <c>dsp</c>, <c>bram18</c>, <c>uram</c> (optional, default 0), <c>lut</c>,
/// <c>ff</c>, <c>axi_port_bits</c>, <c>clock_mhz</c> and <c>source</c> (optional). Parsing is
/// strict: unknown keys, duplicate keys, missing required keys, wrongly typed values and values
/// out of range are all rejected with a one-line <see cref="DeviceException"/> of the form
/// <c>FILE[:LINE:COLUMN]: [field 'KEY': ]TEXT</c>.
/// </para>
/// <para>
/// Built-in files are reported as <c>built-in/NAME.yaml</c>; user files by the path they were
/// found under.
/// </para>
/// </remarks>
public sealed class DeviceCatalogue
{
    /// <summary>Prefix of the logical names of the embedded catalogue files.</summary>
    private const string ResourcePrefix = "ZooForge.Devices.";

    private static readonly Lazy<DeviceCatalogue> BuiltInCatalogue = new(LoadBuiltIn);

    private readonly Device[] devices;

    private DeviceCatalogue(IEnumerable<Device> devices)
    {
        this.devices = devices.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();
        Devices = Array.AsReadOnly(this.devices);
    }

    /// <summary>All devices, sorted by <see cref="Device.Name"/> (ordinal).</summary>
    public IReadOnlyList<Device> Devices { get; }

    /// <summary>The catalogue shipped with ZooForge (the embedded YAML files).</summary>
    /// <returns>The built-in catalogue; the same immutable instance on every call.</returns>
    /// <exception cref="DeviceException">An embedded file is invalid (a build defect).</exception>
    public static DeviceCatalogue BuiltIn() => BuiltInCatalogue.Value;

    /// <summary>Environment variable naming extra device files or folders, separated by ':'.</summary>
    public const string PathVariable = "ZOOFORGE_DEVICES";

    /// <summary>
    /// The catalogue a user works with: the built-in devices, extended with
    /// <paramref name="paths"/> and the files of <see cref="PathVariable"/> (see <see cref="Load"/>).
    /// </summary>
    /// <exception cref="DeviceException">A path or file is invalid.</exception>
    public static DeviceCatalogue ForUser(IEnumerable<string> paths)
    {
        var all = new List<string>(paths);
        var fromEnvironment = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            all.AddRange(fromEnvironment.Split(':', StringSplitOptions.RemoveEmptyEntries));
        return all.Count == 0 ? BuiltIn() : Load(all);
    }

    /// <summary>
    /// The built-in catalogue extended with user device files.
    /// </summary>
    /// <param name="extraPaths">
    /// Files, or directories whose <c>*.yaml</c> and <c>*.yml</c> files (not subdirectories) are
    /// read in ordinal file-name order. A file given explicitly is read whatever its extension.
    /// </param>
    /// <returns>The combined catalogue.</returns>
    /// <remarks>
    /// A user device whose <c>name</c> equals a built-in device's name replaces the built-in one
    /// (e.g. to change <c>clock_mhz</c> of <c>zcu102</c>). Two different user files defining the
    /// same <c>name</c> are an error, since neither can be preferred. The same file reached twice
    /// (e.g. as a file and through its directory) is read once.
    /// </remarks>
    /// <exception cref="DeviceException">
    /// A path does not exist or cannot be read, a file is invalid, or two user files define the
    /// same device name.
    /// </exception>
    public static DeviceCatalogue Load(IEnumerable<string> extraPaths)
    {
        ArgumentNullException.ThrowIfNull(extraPaths);

        var byName = BuiltIn().devices.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var userSource = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);

        foreach (var path in extraPaths)
        {
            foreach (var file in ExpandPath(path))
            {
                if (!seenFiles.Add(Path.GetFullPath(file)))
                {
                    continue;
                }

                var device = ParseYaml(ReadFile(file), file);
                if (userSource.TryGetValue(device.Name, out var other))
                {
                    throw DeviceException.At(
                        file, null, null, "name", $"device '{device.Name}' is already defined in {other}");
                }

                userSource[device.Name] = file;
                byName[device.Name] = device;
            }
        }

        return new DeviceCatalogue(byName.Values);
    }

    /// <summary>
    /// Parses one device description.
    /// </summary>
    /// <param name="yamlText">The YAML text of one device file.</param>
    /// <param name="sourceName">File name (or other label) used at the start of error messages.</param>
    /// <returns>The validated device.</returns>
    /// <exception cref="DeviceException">
    /// The text is not valid YAML, is not a single mapping, has a missing, unknown or duplicate
    /// key, or a value of the wrong type or out of range.
    /// </exception>
    public static Device ParseYaml(string yamlText, string sourceName) => DeviceYaml.Parse(yamlText, sourceName);

    /// <summary>
    /// Finds a device by its catalogue name or its board name, ignoring case.
    /// </summary>
    /// <param name="name">
    /// A device name (<c>zcu102</c>), a board name (<c>ZCU102</c>, <c>Ultra96-V2</c>,
    /// <c>Alveo U250</c>) or either written without punctuation or spaces (<c>alveo_u250</c>,
    /// <c>pynqz2</c>), provided that matches exactly one device.
    /// </param>
    /// <returns>The device.</returns>
    /// <exception cref="DeviceException">
    /// No device matches (the message lists the known names), or a board name matches several.
    /// </exception>
    public Device Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var matches = Match(name);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new DeviceException(
                $"unknown device '{name}'; known devices: {string.Join(", ", devices.Select(d => d.Name))}"),
            _ => throw new DeviceException(
                $"device '{name}' is ambiguous; it matches {string.Join(", ", matches.Select(d => d.Name))}"),
        };
    }

    /// <summary>Like <see cref="Find"/>, but returns <see langword="false"/> instead of throwing.</summary>
    /// <param name="name">A device or board name, as for <see cref="Find"/>.</param>
    /// <param name="device">The device, when exactly one matches.</param>
    /// <returns><see langword="true"/> when exactly one device matches.</returns>
    public bool TryFind(string name, [NotNullWhen(true)] out Device? device)
    {
        ArgumentNullException.ThrowIfNull(name);
        var matches = Match(name);
        device = matches.Count == 1 ? matches[0] : null;
        return device is not null;
    }

    private List<Device> Match(string query)
    {
        var wanted = query.Trim();

        var byName = devices.Where(d => string.Equals(d.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count > 0)
        {
            return byName;
        }

        var byBoard = devices.Where(d => string.Equals(d.Board, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byBoard.Count > 0)
        {
            return byBoard;
        }

        var key = Normalise(wanted);
        return key.Length == 0
            ? []
            : devices.Where(d => Normalise(d.Name) == key || Normalise(d.Board) == key).ToList();
    }

    private static string Normalise(string text) =>
        string.Concat(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));

    private static IEnumerable<string> ExpandPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new DeviceException("device path is empty");
        }

        if (Directory.Exists(path))
        {
            try
            {
                return Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                                || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new DeviceException($"cannot read device directory '{path}': {ex.Message}", ex);
            }
        }

        if (File.Exists(path))
        {
            return [path];
        }

        throw new DeviceException($"device file or directory '{path}' does not exist");
    }

    private static string ReadFile(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeviceException($"cannot read device file '{file}': {ex.Message}", ex);
        }
    }

    private static DeviceCatalogue LoadBuiltIn()
    {
        var assembly = typeof(DeviceCatalogue).Assembly;
        var devices = new List<Device>();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                || !resource.EndsWith(".yaml", StringComparison.Ordinal))
            {
                continue;
            }

            var sourceName = "built-in/" + resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)
                               ?? throw new InvalidOperationException($"embedded resource '{resource}' vanished");
            using var reader = new StreamReader(stream);
            var device = ParseYaml(reader.ReadToEnd(), sourceName);
            if (!sources.TryAdd(device.Name, sourceName))
            {
                throw DeviceException.At(
                    sourceName, null, null, "name",
                    $"device '{device.Name}' is already defined in {sources[device.Name]}");
            }

            devices.Add(device);
        }

        return new DeviceCatalogue(devices);
    }
}
