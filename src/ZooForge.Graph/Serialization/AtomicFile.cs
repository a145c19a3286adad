namespace ZooForge.Graph.Serialization;

/// <summary>Writes files through a temporary sibling and a rename, so readers never see one half-written.</summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically, creating the folder if needed.</summary>
    /// <exception cref="IOException">The file cannot be written (full disk, a file where a folder should be); the message names <paramref name="path"/>.</exception>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        var temp = "";
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            // The system's message often names no file ("No space left on device").
            throw new IOException($"cannot write '{path}': {WriteFailureReason(e)}", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with UTF-8 <paramref name="text"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// True for what a failed file write throws: a full disk or a file where a folder should be
    /// (<see cref="IOException"/>), no permission, or a file over the size limit (.NET reports that
    /// one as an out-of-range preallocation size).
    /// </summary>
    public static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException;

    /// <summary>The reason of a write failure (<see cref="IsWriteFailure"/>) in words.</summary>
    public static string WriteFailureReason(Exception e) =>
        e is ArgumentOutOfRangeException ? "the file is larger than the file system allows (file-size limit)" : e.Message;
}
