using System.Diagnostics;
using ZooForge.Compression.Golden;
using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Emit.Model;
using ZooForge.Emit.Output;
using ZooForge.Emit.Passes;
using ZooForge.Emit.Rendering;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Designs;
using ZooForge.Hardware.Devices;

namespace ZooForge.Emit;

/// <summary>What <see cref="HlsEmitter.Emit(string, string, EmitOptions)"/> wrote.</summary>
/// <param name="Folder">The project folder.</param>
/// <param name="Model">The template model.</param>
/// <param name="Files">Generated files (relative paths), tb_data excluded.</param>
/// <param name="Images">Images in tb_data (0: none written).</param>
/// <param name="Elapsed">Wall time of the emit.</param>
public sealed record EmitResult(string Folder, EmitModel Model, IReadOnlyList<string> Files, int Images, TimeSpan Elapsed);

/// <summary>
/// <c>zooforge emit</c>: turns a design (<c>design.yaml</c> and its <c>.zfq.safetensors</c>
/// network) into a self-contained Vitis HLS project — kernel headers, rendered configuration,
/// weights, top function, testbench, Tcl script and Makefile, and golden vectors in
/// <c>tb_data/</c> — deterministically (the same inputs give byte-identical files).
/// </summary>
public static class HlsEmitter
{
    /// <summary>Per-design templates and the file each renders to (<c>NAME</c> is the design name).</summary>
    public static readonly IReadOnlyList<(string Template, string File)> Templates =
    [
        ("config.h.scriban", "NAME_config.h"),
        ("weights.h.scriban", "NAME_weights.h"),
        ("top.cpp.scriban", "NAME_top.cpp"),
        ("tb.cpp.scriban", "NAME_tb.cpp"),
        ("Makefile.scriban", "Makefile"),
        ("run_hls.tcl.scriban", "run_hls.tcl"),
    ];

    /// <summary>The default designs shipped beside the assembly (one folder per design holding design.yaml).</summary>
    public static string DefaultDesignsFolder => Path.Combine(AppContext.BaseDirectory, "Designs");

    /// <summary>Loads a design file and its network, or throws <see cref="EmitException"/> naming the file.</summary>
    public static (DesignDocument Design, QuantizedNetwork Network, Device Device) Load(string designPath, DeviceCatalogue? catalogue = null)
    {
        DesignDocument design;
        try
        {
            design = DesignFile.Load(designPath);
        }
        catch (DesignFormatException e)
        {
            throw new EmitException(e.Message, e);
        }
        QuantizedNetwork network;
        try
        {
            if (!File.Exists(design.NetworkPath)) throw new EmitException($"{designPath}: field 'network': '{design.NetworkPath}' does not exist");
            network = QuantizedNetworkFile.Load(design.NetworkPath);
        }
        catch (QuantizationException e)
        {
            throw new EmitException($"{designPath}: field 'network': {e.Message}", e);
        }
        return (design, network, FindDevice(design, designPath, catalogue));
    }

    /// <summary>The device <paramref name="design"/> names, or <see cref="EmitException"/> naming the field.</summary>
    public static Device FindDevice(DesignDocument design, string designPath, DeviceCatalogue? catalogue = null)
    {
        catalogue ??= DeviceCatalogue.BuiltIn();
        return catalogue.TryFind(design.Device, out var device)
            ? device
            : throw new EmitException($"{designPath}: field 'device': unknown device '{design.Device}' (known: {string.Join(", ", catalogue.Devices.Select(d => d.Name))})");
    }

    /// <summary>
    /// Renders every per-design file of <paramref name="model"/> and the kernel headers, as
    /// relative path → text.
    /// </summary>
    public static SortedDictionary<string, string> Render(EmitModel model, TemplateRenderer? renderer = null)
    {
        renderer ??= new TemplateRenderer();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (template, file) in Templates)
            files[file.Replace("NAME", model.Name, StringComparison.Ordinal)] = renderer.Render(template, model);
        foreach (var header in model.KernelHeaders) CopyStatic(renderer, "kernels", header, "kernel header", files);
        foreach (var script in EmitPipeline.Scripts) CopyStatic(renderer, "scripts", script, "script", files);
        return files;
    }

    // Hand-written files travel verbatim (line endings normalised, so outputs are byte-identical everywhere).
    private static void CopyStatic(TemplateRenderer renderer, string folder, string name, string what, SortedDictionary<string, string> files)
    {
        string path = Path.Combine(renderer.Folder, folder, name);
        if (!File.Exists(path)) throw new EmitException($"{TemplateRenderer.DisplayFolder}/{folder}/{name}: {what} does not exist");
        files[folder + "/" + name] = File.ReadAllText(path).ReplaceLineEndings("\n");
    }

    /// <summary>
    /// Emits the project for <paramref name="designPath"/> into <paramref name="outFolder"/>, with
    /// the golden vectors <paramref name="options"/> asks for.
    /// </summary>
    /// <exception cref="EmitException">Bad design, network, template or output folder (the message names it).</exception>
    public static EmitResult Emit(string designPath, string outFolder, EmitOptions options)
    {
        var clock = Stopwatch.StartNew();
        CheckOptions(options);
        var (design, network, device) = Load(designPath);
        return Emit(design, network, device, outFolder, options, clock);
    }

    /// <summary>
    /// Emits the project of a design already loaded (with its network and device) into
    /// <paramref name="outFolder"/>, with the golden vectors <paramref name="options"/> asks for.
    /// </summary>
    /// <exception cref="EmitException">Bad design, template or output folder (the message names it).</exception>
    public static EmitResult Emit(DesignDocument design, QuantizedNetwork network, Device device, string outFolder, EmitOptions options)
    {
        var clock = Stopwatch.StartNew();
        CheckOptions(options);
        return Emit(design, network, device, outFolder, options, clock);
    }

    private static void CheckOptions(EmitOptions options)
    {
        int images = options.Images;
        if (images < 0) throw new EmitException($"--images must not be negative, got {images}");
        if (options.Inputs is not null && images > 0) throw new EmitException("give either dataset images or explicit inputs, not both");
        if (images > 0 && options.Digits is null) throw new EmitException("golden vectors need a dataset");
        if (options.Digits is { } digits && images > digits.Count) throw new EmitException($"--images {images}: dataset '{digits.Name}' has {digits.Count} images");
    }

    private static EmitResult Emit(DesignDocument design, QuantizedNetwork network, Device device, string outFolder, EmitOptions options, Stopwatch clock)
    {
        int images = options.Images;
        var model = EmitPipeline.Build(design, network, device);
        var files = Render(model, options.Renderer);
        Action<string>? golden = null;
        if (options.Inputs is { Count: > 0 } inputs) golden = temp => GoldenVectors.Write(Path.Combine(temp, "tb_data"), network, inputs);
        else if (images > 0) golden = temp => GoldenVectors.Write(Path.Combine(temp, "tb_data"), network, options.Digits!, images);
        ProjectWriter.Write(outFolder, files, golden, options.Force);
        return new EmitResult(Path.GetFullPath(outFolder), model, files.Keys.ToArray(), images + (options.Inputs?.Count ?? 0), clock.Elapsed);
    }
}

/// <summary>Options of <see cref="HlsEmitter.Emit(string, string, EmitOptions)"/>.</summary>
public sealed record EmitOptions
{
    /// <summary>Replace the output folder even if the emitter did not generate it.</summary>
    public bool Force { get; init; }
    /// <summary>Golden vectors for the first <see cref="Images"/> images of <see cref="Digits"/> (none when 0).</summary>
    public int Images { get; init; }
    /// <inheritdoc cref="Images"/>
    public ImageDataset? Digits { get; init; }
    /// <summary>Golden vectors for these already-quantized inputs instead (no labels).</summary>
    public IReadOnlyList<int[]>? Inputs { get; init; }
    /// <summary>Templates to render (default: the shipped ones).</summary>
    public TemplateRenderer? Renderer { get; init; }
}
