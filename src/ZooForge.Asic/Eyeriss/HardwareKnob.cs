namespace ZooForge.Asic.Eyeriss;

/// <summary>One knob of a hardware space: its field name in the space file and its allowed values, ascending.</summary>
/// <param name="Name">Field name, e.g. <c>pe_x</c>.</param>
/// <param name="Values">Allowed values in ascending order.</param>
public sealed record HardwareKnob(string Name, IReadOnlyList<long> Values);
