using ZooForge.Data.Datasets;
using ZooForge.Emit;
using ZooForge.Rtl.Check;

namespace ZooForge.Cli.Checks;

/// <summary>
/// <c>hls.emit</c>: generates the design's Vitis HLS project into OUT/hls with golden vectors of
/// <see cref="Images"/> held-out digits from the integer reference.
/// </summary>
internal sealed class HlsEmitStep(ImageDataset digits, int images) : ICheckStep
{
    /// <summary>Folder of the project inside the check's output folder.</summary>
    public static string ProjectFolder(CheckContext context) => Path.Combine(context.OutFolder, "hls");

    /// <summary>Digits the golden vectors cover.</summary>
    public int Images => images;

    public string Name => "hls.emit";

    public IReadOnlyList<string> Prerequisites => [];

    public CheckOutcome Run(CheckContext context)
    {
        // The check owns OUT/hls: a project from an earlier check is replaced.
        var result = HlsEmitter.Emit(context.DesignPath, ProjectFolder(context), new EmitOptions { Force = true, Images = images, Digits = digits });
        return CheckOutcome.Pass($"{result.Files.Count} files, golden vectors of {result.Images} digits",
            new SortedDictionary<string, double>(StringComparer.Ordinal) { ["files"] = result.Files.Count, ["images"] = result.Images });
    }
}
