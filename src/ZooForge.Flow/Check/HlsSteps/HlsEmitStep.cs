using ZooForge.Data.Datasets;
using ZooForge.Emit;
using ZooForge.Flow.Check;

namespace ZooForge.Flow.Check.HlsSteps;

/// <summary>
/// <c>hls.emit</c>: generates the design's Vitis HLS project into OUT/hls with golden vectors of
/// <see cref="Images"/> held-out digits from the integer reference.
/// </summary>
public sealed class HlsEmitStep(ImageDataset digits, int images) : ICheckStep
{
    /// <summary>Folder of the project inside the check's output folder.</summary>
    public static string ProjectFolder(CheckContext context) => Path.Combine(context.OutFolder, "hls");

    /// <summary>Digits the golden vectors cover.</summary>
    public int Images => images;

    /// <inheritdoc />
    public string Name => "hls.emit";

    /// <inheritdoc />
    public IReadOnlyList<Type> Prerequisites => [];

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        // The check owns OUT/hls: a project from an earlier check is replaced.
        // The design and network the check loaded are emitted as they are, never read again.
        var device = context.Device ?? HlsEmitter.FindDevice(context.Design, context.DesignPath);
        var result = HlsEmitter.Emit(context.Design, context.Network, device, ProjectFolder(context), new EmitOptions { Force = true, Images = images, Digits = digits });
        return CheckOutcome.Pass($"{result.Files.Count} files, golden vectors of {result.Images} digits",
            new SortedDictionary<string, double>(StringComparer.Ordinal) { ["files"] = result.Files.Count, ["images"] = result.Images });
    }
}
