using ZooForge.Hardware.Accelerator;

namespace ZooForge.Hardware.Designs;

/// <summary>
/// A complete design: the compressed integer network and the accelerator that runs it on a
/// device. The search writes one (<c>design.yaml</c>), the emitter and <c>zooforge check</c>
/// read it, and a person can write one by hand. See <see cref="DesignFile"/> for the schema.
/// </summary>
public sealed record DesignDocument
{
    /// <summary>Design name: a C identifier, used for the top function and the project folder.</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path of the compressed network (<c>.zfq.safetensors</c>).</summary>
    public required string NetworkPath { get; init; }

    /// <summary>Device name in the catalogue.</summary>
    public required string Device { get; init; }

    /// <summary>Tiling, ports, data bits and clock.</summary>
    public required AcceleratorDesign Accelerator { get; init; }

    /// <summary>Free-form provenance (model, recipe, accuracy, search run), written in key order.</summary>
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
}
