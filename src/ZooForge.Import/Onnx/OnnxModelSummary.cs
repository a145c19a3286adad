using System.Globalization;
using System.Text;

namespace ZooForge.Import.Onnx;

/// <summary>A graph input or output as the ONNX file declares it.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="ElementType">ONNX element type, e.g. <c>FLOAT</c>.</param>
/// <param name="Dimensions">Each dimension: its size, or its symbolic name, or <c>?</c> if unknown.</param>
public sealed record OnnxTensorInfo(string Name, string ElementType, IReadOnlyList<string> Dimensions)
{
    /// <summary>The shape as text, e.g. <c>[batch,3,224,224]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Dimensions) + "]";
}

/// <summary>What an ONNX file contains, without converting it (for <c>zooforge import</c>).</summary>
/// <param name="Source">The file, as given.</param>
/// <param name="IrVersion">ONNX IR version.</param>
/// <param name="Producer">Producer name and version, e.g. <c>CNTK 2.6</c>.</param>
/// <param name="Opsets">Operator-set versions by domain (<c>ai.onnx</c> for the default domain).</param>
/// <param name="Inputs">Graph inputs that are not initializers.</param>
/// <param name="Outputs">Graph outputs.</param>
/// <param name="NodeCount">Number of nodes.</param>
/// <param name="OperatorCounts">Nodes per operator type, most frequent first.</param>
/// <param name="UnsupportedOperators">Operator types the importer cannot convert (empty if none).</param>
/// <param name="InitializerCount">Number of initializers.</param>
/// <param name="InitializerValues">Values held by all initializers.</param>
/// <param name="ParameterValues">Float initializer values that are parameters (weights and biases, batch-norm scale and shift).</param>
/// <param name="BufferValues">Float initializer values that are batch-norm running statistics (buffers, not parameters).</param>
public sealed record OnnxModelSummary(
    string Source,
    long IrVersion,
    string Producer,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyList<OnnxTensorInfo> Inputs,
    IReadOnlyList<OnnxTensorInfo> Outputs,
    int NodeCount,
    IReadOnlyList<KeyValuePair<string, int>> OperatorCounts,
    IReadOnlyList<string> UnsupportedOperators,
    int InitializerCount,
    long InitializerValues,
    long ParameterValues,
    long BufferValues)
{
    /// <summary>A few lines of text for the console.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.Append(c, $"{Source}: ONNX IR v{IrVersion}, opset {string.Join(", ", Opsets.Select(o => $"{o.Key} {o.Value}"))}");
        if (Producer.Length > 0) s.Append(c, $", produced by {Producer}");
        s.AppendLine();
        foreach (var i in Inputs) s.AppendLine(c, $"  input   {i.Name} {i.ElementType} {i.ShapeText}");
        foreach (var o in Outputs) s.AppendLine(c, $"  output  {o.Name} {o.ElementType} {o.ShapeText}");
        s.AppendLine(c, $"  {NodeCount} nodes: {string.Join(", ", OperatorCounts.Select(p => $"{p.Key} {p.Value}"))}");
        s.AppendLine(c, $"  {InitializerCount} initializers, {InitializerValues:N0} values: {ParameterValues:N0} parameters, {BufferValues:N0} batch-norm running statistics");
        s.Append(c, $"  unsupported operators: {(UnsupportedOperators.Count == 0 ? "none" : string.Join(", ", UnsupportedOperators))}");
        return s.ToString();
    }
}
