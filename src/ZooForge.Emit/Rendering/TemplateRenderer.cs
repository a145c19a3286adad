using ZooForge.Core.Templates;
using ZooForge.Emit.Model;

namespace ZooForge.Emit.Rendering;

/// <summary>
/// Renders the per-design Scriban templates of <c>templates/hls/</c> in strict mode: an unknown
/// variable or member is an error, and every error (parse or run time) is reported as
/// <c>templates/hls/NAME.scriban:LINE:COL: message</c>. The model is exposed in snake_case
/// (<see cref="EmitModel.ClockPeriodNs"/> is <c>clock_period_ns</c>) as variable <c>model</c>.
/// </summary>
public sealed class TemplateRenderer
{
    /// <summary>Folder name of the templates inside the template root, as error messages show it.</summary>
    public const string DisplayFolder = "templates/hls";

    private readonly string _folder;

    /// <summary>Renders templates from <paramref name="folder"/> (default: the copy beside the assembly).</summary>
    public TemplateRenderer(string? folder = null) => _folder = folder ?? DefaultFolder;

    /// <summary>Environment variable naming a template folder to use instead of the shipped one (for template development).</summary>
    public const string FolderVariable = "ZOOFORGE_TEMPLATES";

    /// <summary>The folder in <see cref="FolderVariable"/> if set, else the templates shipped beside the assembly.</summary>
    public static string DefaultFolder =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder ? folder : ShippedFolder;

    private static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "templates", "hls");

    /// <summary>The folder templates are read from.</summary>
    public string Folder => _folder;

    /// <summary>Renders template <paramref name="name"/> (e.g. <c>config.h.scriban</c>) over <paramref name="model"/>.</summary>
    /// <exception cref="EmitException">The template is missing, does not parse or fails at run time.</exception>
    public string Render(string name, EmitModel model)
    {
        string path = Path.Combine(_folder, name);
        string display = $"{DisplayFolder}/{name}";
        if (!File.Exists(path)) throw new EmitException($"{display}: template does not exist (looked in {_folder})");
        try
        {
            return StrictTemplate.Render(display, File.ReadAllText(path), model, "model");
        }
        catch (TemplateException e)
        {
            throw new EmitException(e.Message, e);
        }
    }
}
