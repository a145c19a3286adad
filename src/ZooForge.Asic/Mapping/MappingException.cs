using ZooForge.Core.Errors;
namespace ZooForge.Asic.Mapping;

/// <summary>A mapping is malformed, or does not fit the hardware (PEs, scratchpad, shared buffer).</summary>
public sealed class MappingException : ZooForgeException
{
    /// <summary>Creates the exception.</summary>
    public MappingException(string message) : base(message) { }
}
