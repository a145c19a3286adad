using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZooForge.Core.Json;

/// <summary>
/// The one set of JSON conventions of every file and <c>--json</c> output ZooForge writes:
/// snake_case names, enums as snake_case strings, NaN and infinities as named literals (a pruned
/// trial's objective is NaN, not an error), and text kept readable (the output is read by people
/// and tools, never embedded in HTML).
/// </summary>
public static class ZooForgeJson
{
    /// <summary>Indented, for files and console output.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true, strict: false);

    /// <summary>On one line, for values stored in a database column.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false, strict: false);

    /// <summary>Indented, and reading refuses members the type does not have (a typo in a hand-edited manifest is an error, not ignored).</summary>
    public static JsonSerializerOptions Strict { get; } = Create(indented: true, strict: true);

    private static JsonSerializerOptions Create(bool indented, bool strict)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        if (strict) options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
