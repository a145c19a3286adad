using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace ZooForge.Core.Templates;

/// <summary>
/// The one Scriban renderer of ZooForge (HLS and RTL alike), in strict mode: an unknown variable,
/// member, function or index is an error naming the template and position, never empty text in a
/// generated source. Models are exposed in snake_case (<c>ClockPeriodNs</c> is <c>clock_period_ns</c>),
/// and output always has '\n' line endings, whatever the template file has, so that generated
/// sources are byte-identical on every machine.
/// </summary>
public static class StrictTemplate
{
    /// <summary>
    /// Renders template <paramref name="text"/> over <paramref name="model"/>. <paramref name="display"/>
    /// names the template in messages (e.g. <c>templates/hls/config.h.scriban</c>). With
    /// <paramref name="variable"/> the model is one read-only variable of that name; without, its
    /// members are the template's variables.
    /// </summary>
    /// <exception cref="TemplateException">The template does not parse or fails at run time.</exception>
    public static string Render(string display, string text, object model, string? variable = null)
    {
        var template = Template.Parse(text.ReplaceLineEndings("\n"), display);
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == ParserMessageType.Error);
            throw new TemplateException($"{Where(display, first.Span)}: {first.Message}");
        }
        var renamer = StandardMemberRenamer.Default;
        var globals = new ScriptObject();
        if (variable is null) globals.Import(model, renamer: renamer);
        else
        {
            var exposed = new ScriptObject();
            exposed.Import(model, renamer: renamer);
            globals.SetValue(variable, exposed, readOnly: true);
        }
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            EnableRelaxedIndexerAccess = false,
            MemberRenamer = renamer,
            // Generated loops follow the design's sizes (a layer table, a pattern ROM); no arbitrary cap.
            LoopLimit = 0,
            // By default Scriban cuts the output after 1 MiB with "...", which silently truncated an
            // ImageNet network's weight table; a generated source is never cut.
            OutputLimit = 0,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateException($"{Where(display, e.Span)}: {e.OriginalMessage}", e);
        }
    }

    // Scriban spans are zero-based; editors count from one.
    private static string Where(string display, SourceSpan span) => $"{display}:{span.Start.Line + 1}:{span.Start.Column + 1}";
}
