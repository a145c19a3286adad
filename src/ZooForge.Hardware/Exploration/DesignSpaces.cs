using ZooForge.Core.Errors;
namespace ZooForge.Hardware.Exploration;

/// <summary>The built-in design spaces.</summary>
public static class DesignSpaces
{
    private static readonly int[] HotNasLanes = [2, 6, 10, 14, 18];

    /// <summary>
    /// HotNAS's ZCU102 space (its <c>search_space.py</c>): Tm ∈ {10, 40, …, 220}, Tr, Tc ∈ {32, 64, 256},
    /// lanes ∈ {2, 6, 10, 14, 18}. For networks with depthwise layers HotNAS adds a depthwise engine
    /// with Tm_d ∈ {64, 192, …, 960}, Tr = Tc = 32 (its <c>hw_cd_dconv</c>). HotNAS then narrows the
    /// conv engine's tiles to 32×32; here they keep the full lists, a superset, so the optimum can
    /// only improve.
    /// </summary>
    public static DesignSpace HotNas { get; } = new()
    {
        Name = "hotnas",
        Tm = [10, 40, 70, 100, 130, 160, 190, 220],
        Tr = [32, 64, 256],
        Tc = [32, 64, 256],
        WeightLanes = HotNasLanes,
        InputLanes = HotNasLanes,
        OutputLanes = HotNasLanes,
        DepthwiseTm = [64, 192, 320, 448, 576, 704, 832, 960],
        DepthwiseTr = [32],
        DepthwiseTc = [32],
    };

    /// <summary>
    /// HotNAS's space widened by what ZooForge's engine adds: Tm also takes the powers of two
    /// ImageNet networks' channel counts are made of (so output tiles leave no lanes idle), a
    /// 3×3 window that runs larger kernels
    /// as 3×3 passes (Tk ∈ {3, largest kernel}), and the dense engine beside the patterned one.
    /// </summary>
    public static DesignSpace ZooForge { get; } = HotNas with
    {
        Name = "zooforge",
        Tm = [10, 16, 32, 40, 64, 70, 100, 128, 130, 160, 190, 220, 256],
        Tk = [3],
        Dense = [false, true],
    };

    /// <summary>All built-in spaces by name.</summary>
    public static IReadOnlyList<DesignSpace> All { get; } = [HotNas, ZooForge];

    /// <summary>Finds a built-in space by name; null when unknown.</summary>
    public static DesignSpace? TryGet(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds a built-in space by name.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static DesignSpace Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException($"unknown design space '{name}'; built-in spaces: {string.Join(", ", All.Select(s => s.Name))} (or a YAML file)");
}
