using Spectre.Console;

namespace ZooForge.Cli.Rendering;

/// <summary>Table helpers.</summary>
internal static class TableExtensions
{
    /// <summary>
    /// Adds a row of literal text. Spectre's string overload parses markup, and design strings
    /// such as <c>[70,36,...]</c> or user-supplied layer names must never be read as styles.
    /// </summary>
    public static Table AddPlainRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)));
}
