namespace ZooForge.Graph.Serialization;

/// <summary>Writes whole folders: assembled in a temporary sibling and moved into place, so readers never see one half-written.</summary>
public static class AtomicFolder
{
    /// <summary>
    /// Calls <paramref name="fill"/> with an empty temporary sibling of <paramref name="folder"/>,
    /// then replaces <paramref name="folder"/> (if any) with it. On failure the old folder is kept
    /// and the temporary one removed. Returns the full path of the folder.
    /// </summary>
    public static string Replace(string folder, Action<string> fill)
    {
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        string parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Environment.ProcessId}.tmp");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        try
        {
            Directory.CreateDirectory(temp);
            fill(temp);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        return target;
    }
}
