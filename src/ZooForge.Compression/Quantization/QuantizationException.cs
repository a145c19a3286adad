using ZooForge.Core.Errors;
namespace ZooForge.Compression.Quantization;

/// <summary>
/// Quantization, integer execution or a quantized-network file failed. The message names the
/// layer (IR layer or quantized op) or the file concerned.
/// </summary>
public sealed class QuantizationException : ZooForgeException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public QuantizationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public QuantizationException(string message, Exception inner) : base(message, inner)
    {
    }
}
