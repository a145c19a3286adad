using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Synthesis;

namespace ZooForge.Flow.Check.RtlSteps;

/// <summary>
/// <c>synth.BLOCK</c>: Yosys <c>synth_xilinx</c> of one datapath block; its LUT/FF/DSP/BRAM are
/// compared with the design's baseline, and the PE array's DSPs with the resource model's. The
/// PE array's LUTs and FFs are reported beside the model's (<c>model_lut</c>, <c>model_ff</c>)
/// but do not fail the step: the model is a calibrated estimate, not a promise. A PE array that
/// alone needs more LUTs or FFs than the context's device has fails it: such a design cannot fit.
/// </summary>
/// <param name="block">Module name (one of <see cref="RtlTemplates.Blocks"/>).</param>
public sealed class SynthesisStep(string block) : ICheckStep
{
    /// <inheritdoc />
    public string Name => "synth." + block;

    /// <inheritdoc />
    public IReadOnlyList<Type> Prerequisites => [typeof(RenderStep)];

    /// <summary>The resource model's DSPs for the conv engine's PE array: Tm·Tn MACs at <c>MacsPerDsp</c> per DSP48.</summary>
    public static int ModelPeArrayDsp(Hardware.Accelerator.AcceleratorDesign design) =>
        (design.Conv.Tm * design.Conv.Tn + design.MacsPerDsp - 1) / design.MacsPerDsp;

    /// <summary>What a synthesised PE array needs beyond <paramref name="device"/>'s LUTs and FFs; empty when it fits.</summary>
    public static IEnumerable<string> DeviceOverflows(BlockResources measured, Hardware.Devices.Device device)
    {
        if (measured.Lut > device.Lut)
            yield return $"the PE array alone needs {measured.Lut} LUT, more than the {device.Board}'s {device.Lut}: the design does not fit";
        if (measured.Ff > device.Ff)
            yield return $"the PE array alone needs {measured.Ff} FF, more than the {device.Board}'s {device.Ff}: the design does not fit";
    }

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        var synthesis = BlockSynthesis.Run(context.RequireProject(), block, Path.Combine(context.OutFolder, "synth"));
        var measured = synthesis.Total;
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["lut"] = measured.Lut, ["ff"] = measured.Ff, ["dsp"] = measured.Dsp, ["bram18"] = measured.Bram18,
        };
        foreach (var (module, lane) in synthesis.Modules)
        {
            string prefix = module == RtlTemplates.PeLane ? "lane" : module;
            metrics[prefix + "_lut"] = lane.Lut;
            metrics[prefix + "_ff"] = lane.Ff;
            metrics[prefix + "_dsp"] = lane.Dsp;
        }
        var problems = new List<string>();
        if (block == RtlTemplates.PeArray)
        {
            int model = ModelPeArrayDsp(context.Design.Accelerator);
            metrics["model_dsp"] = model;
            if (measured.Dsp != model) problems.Add($"DSP {measured.Dsp} but the resource model counts {model}");
            var accelerator = context.Design.Accelerator;
            var conv = accelerator.Conv;
            metrics["model_lut"] = Hardware.Resources.ResourceModel.PeArrayLuts(conv.Tm, conv.Tn, conv.Tk, accelerator.DataBits, accelerator.MacsPerDsp);
            metrics["model_ff"] = Hardware.Resources.ResourceModel.PeArrayFfs(conv.Tm, conv.Tn, accelerator.DataBits, accelerator.MacsPerDsp);
            if (context.Device is { } device) problems.AddRange(DeviceOverflows(measured, device));
        }
        string figures = $"LUT {measured.Lut}{Model("model_lut")}, FF {measured.Ff}{Model("model_ff")}, DSP {measured.Dsp}{Model("model_dsp")}, BRAM18 {measured.Bram18}"
            + string.Concat(synthesis.Modules.Values.Select(l => $" ({context.Design.Accelerator.Conv.Tm} x {l.Block}: LUT {l.Lut}, FF {l.Ff}, DSP {l.Dsp} each)"));
        string baselineNote;
        if (context.UpdateBaselines)
        {
            SynthesisBaseline.Save(context.BaselinePath, context.Tile!.Layer.Name, measured);
            baselineNote = "baseline updated";
        }
        else if (SynthesisBaseline.Load(context.BaselinePath, block, context.Tile!.Layer.Name) is { } baseline)
        {
            problems.AddRange(SynthesisBaseline.Compare(measured, baseline));
            metrics["baseline_lut"] = baseline.Lut;
            metrics["baseline_ff"] = baseline.Ff;
            baselineNote = "within baseline";
        }
        else
        {
            baselineNote = $"no baseline in {Path.GetFileName(context.BaselinePath)}, regression comparison not done";
        }
        return problems.Count == 0
            ? CheckOutcome.Pass($"{figures}; {baselineNote}", metrics)
            : CheckOutcome.Fail($"{figures}; {string.Join("; ", problems)}", metrics);

        string Model(string key) => metrics.TryGetValue(key, out double value) ? $" (model {value})" : "";
    }
}
