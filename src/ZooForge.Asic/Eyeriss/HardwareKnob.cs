using ZooForge.Asic.Description;

namespace ZooForge.Asic.Eyeriss;

/// <summary>One knob of a hardware space: its field name in the space file and its allowed values, ascending.</summary>
/// <param name="Name">Field name, e.g. <c>pe_x</c>.</param>
/// <param name="Values">Allowed values in ascending order.</param>
public sealed record HardwareKnob(string Name, IReadOnlyList<long> Values)
{
    /// <summary>Largest number of values one knob may take: a range that would expand further is a typo.</summary>
    public const int MaxValues = 1024;

    /// <summary>
    /// Reads knob <paramref name="name"/> of a space file: a list of integers, or a range
    /// <c>{min, max, step}</c> or <c>{min, max, factor}</c>, every value within [<paramref name="min"/>,
    /// <paramref name="max"/>]; returned ascending. Empty, inverted and oversized ranges, duplicates,
    /// both or neither of step and factor, and unknown range fields fail naming the field.
    /// </summary>
    /// <exception cref="AcceleratorFormatException">The field is missing or malformed.</exception>
    internal static HardwareKnob Read(StrictYamlMapping root, string name, long min, long max)
    {
        if (!root.IsMapping(name)) return new HardwareKnob(name, root.IntegerList(name, min, max).Order().ToList());
        var range = root.Mapping(name, ["min", "max", "step", "factor"]);
        long low = range.Integer("min", min, max);
        long high = range.Integer("max", min, max);
        if (low > high) throw range.ErrorAt("min", $"the range is empty: min {low} is above max {high}");
        range.RequireOneOf("step", "factor");
        var values = new List<long>();
        if (range.Has("step"))
        {
            long step = range.Integer("step", 1, max);
            for (long v = low; v <= high && values.Count <= MaxValues; v += step) values.Add(v);
        }
        else
        {
            long factor = range.Integer("factor", 2, 1024);
            for (long v = low; v <= high && values.Count <= MaxValues; v *= factor) values.Add(v);
        }
        if (values.Count > MaxValues)
            throw range.ErrorAt("max", $"the range has more than {MaxValues} values; use a larger step or factor");
        return new HardwareKnob(name, values);
    }
}
