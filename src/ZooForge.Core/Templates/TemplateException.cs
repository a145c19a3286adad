using ZooForge.Core.Errors;

namespace ZooForge.Core.Templates;

/// <summary>A template is missing, does not parse, or names something its model lacks; the message is <c>FILE:LINE:COLUMN: what</c>.</summary>
public sealed class TemplateException(string message, Exception? inner = null) : ZooForgeException(message, inner);
