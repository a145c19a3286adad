using ZooForge.Core.Errors;
namespace ZooForge.Hardware.Workloads;

/// <summary>A layer cannot be mapped as requested; the message names the layer.</summary>
public sealed class WorkloadException(string message) : ZooForgeException(message);
